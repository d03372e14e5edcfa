package io.promless.api;

import static io.promless.api.PrometheusApiTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.storage.InMemoryMetadataStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricMetadataEndpointTest {
    private static final String UP = "\"up\":[{\"type\":\"gauge\",\"help\":\"1 if up.\",\"unit\":\"\"}]";
    private static final String REQUESTS_BOTH = "\"http_requests_total\":["
            + "{\"type\":\"counter\",\"help\":\"Requests served.\",\"unit\":\"\"},"
            + "{\"type\":\"counter\",\"help\":\"Requests <handled>.\",\"unit\":\"\"}]";
    private static final String REQUESTS_FIRST =
            "\"http_requests_total\":[{\"type\":\"counter\",\"help\":\"Requests served.\",\"unit\":\"\"}]";
    private static final String LATENCY = "\"latency_seconds\":"
            + "[{\"type\":\"gaugehistogram\",\"help\":\"Latency.\",\"unit\":\"seconds\"}]";

    private final InMemoryMetadataStore store = new InMemoryMetadataStore();
    private final PrometheusApi api = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                    new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH))
            .metadataStore(store)
            .build();

    MetricMetadataEndpointTest() {
        store.put(List.of(
                new MetricMetadata("up", MetricType.GAUGE, "1 if up.", ""),
                new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests served.", ""),
                new MetricMetadata("latency_seconds", MetricType.GAUGEHISTOGRAM, "Latency.", "seconds"),
                new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests <handled>.", ""),
                new MetricMetadata("up", MetricType.GAUGE, "1 if up.", "")));
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("", "{" + REQUESTS_BOTH.replace("<", "\\u003c").replace(">", "\\u003e") + "," + LATENCY + "," + UP + "}"),
                Arguments.of("?limit=2", "{" + REQUESTS_BOTH.replace("<", "\\u003c").replace(">", "\\u003e") + "," + LATENCY + "}"),
                Arguments.of("?limit=0", "{}"),
                Arguments.of("?limit=-1&limit_per_metric=1", "{" + REQUESTS_FIRST + "," + LATENCY + "," + UP + "}"),
                Arguments.of("?limit_per_metric=0&metric=up", "{" + UP + "}"),
                Arguments.of("?metric=http_requests_total&limit_per_metric=%2B1", "{" + REQUESTS_FIRST + "}"),
                Arguments.of("?metric=nonexistent", "{}"),
                Arguments.of("?metric=", "{" + REQUESTS_BOTH.replace("<", "\\u003c").replace(">", "\\u003e") + "," + LATENCY + "," + UP + "}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("queries")
    void answersFromTheStoreInPrometheusShape(String query, String data) {
        ApiResponse response = api.handle(get("/api/v1/metadata" + query));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":" + data + "}");
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("?limit=some", "limit must be a number"),
                Arguments.of("?limit=1.5", "limit must be a number"),
                Arguments.of("?limit=99999999999999999999", "limit must be a number"),
                Arguments.of("?limit_per_metric=few", "limit_per_metric must be a number"),
                Arguments.of("?limit=x&limit_per_metric=y", "limit must be a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void refusesWhatGoCannotReadAsANumber(String query, String message) {
        ApiResponse response = api.handle(get("/api/v1/metadata" + query));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText())
                .isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + message + "\"}");
    }

    @Test
    void acceptsAFormEncodedPost() {
        ApiResponse response = api.handle(new ApiRequest("POST", "/api/v1/metadata", Map.of(),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                "metric=up".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{" + UP + "}}");
    }

    @Test
    void anApiWithoutAStoreKnowsNoMetadata() {
        PrometheusApi bare = new PrometheusApi(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH));

        assertThat(bare.handle(get("/api/v1/metadata")).bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{}}");
    }
}
