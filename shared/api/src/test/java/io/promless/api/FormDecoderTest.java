package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {
    @Test
    void keepsRepeatedNamesInOrder() {
        FormDecoder.Decoded decoded = FormDecoder.decode("match[]=up&x=1&match%5B%5D=down&&flag");
        assertThat(decoded.values())
                .containsExactly(
                        Map.entry("match[]", List.of("up", "down")),
                        Map.entry("x", List.of("1")),
                        Map.entry("flag", List.of("")));
        assertThat(decoded.firstError()).isEmpty();
    }

    @Test
    void decodesPercentEscapesPlusAndUtf8() {
        FormDecoder.Decoded decoded =
                FormDecoder.decode("query=sum%28rate%28x%5B5m%5D%29%29+by+%28job%29&name=%C3%A9t%C3%A9&raw=été");
        assertThat(decoded.values().get("query")).containsExactly("sum(rate(x[5m])) by (job)");
        assertThat(decoded.values().get("name")).containsExactly("été");
        assertThat(decoded.values().get("raw")).containsExactly("été");
    }

    @Test
    void skipsBadPairsAndReportsTheFirstProblem() {
        FormDecoder.Decoded decoded = FormDecoder.decode("bad=%zz&ok=1&a;b=2&tail=%4");
        assertThat(decoded.values()).containsOnlyKeys("ok");
        assertThat(decoded.firstError()).contains("invalid URL escape \"%zz\"");
        assertThat(FormDecoder.decode("a;b=2").firstError()).contains("invalid semicolon separator in query");
        assertThat(FormDecoder.decode("t=%4").firstError()).contains("invalid URL escape \"%4\"");
    }

    @Test
    void bodyValuesComeBeforeUrlValuesForFormPosts() {
        ApiRequest request = new ApiRequest(
                "POST",
                "/api/v1/query",
                Map.of("time", List.of("200"), "query", List.of("down")),
                Map.of("content-type", List.of("application/x-www-form-urlencoded; charset=UTF-8")),
                "query=up&time=100".getBytes(StandardCharsets.UTF_8));
        RequestParameters parameters = RequestParameters.of(request);
        assertThat(parameters.first("time")).isEqualTo("100");
        assertThat(parameters.all("query")).containsExactly("up", "down");
    }

    @Test
    void ignoresBodiesThatAreNotForms() {
        ApiRequest request = new ApiRequest(
                "POST", "/api/v1/query", Map.of(), Map.of("Content-Type", List.of("application/json")),
                "query=up".getBytes(StandardCharsets.UTF_8));
        assertThat(RequestParameters.of(request).first("query")).isEmpty();
    }
}
