package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.errors.ErrorType;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiResponsesTest {
    @Test
    void writesWarningsAndInfosCappedAtTenEachAsPrometheusDoes() {
        List<String> warnings = IntStream.rangeClosed(1, 12).mapToObj(i -> "w" + i).toList();

        ApiResponse response = ApiResponses.success(generator -> {
            generator.writeStartArray();
            generator.writeEndArray();
        }, warnings, List.of("i1"));

        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":[],\"warnings\":"
                + "[\"w1\",\"w2\",\"w3\",\"w4\",\"w5\",\"w6\",\"w7\",\"w8\",\"w9\",\"w10\",\"2 more warning annotations omitted\"],"
                + "\"infos\":[\"i1\"]}");
    }

    @Test
    void writesOnlyInfosWhenThereAreNoWarnings() {
        ApiResponse response = ApiResponses.success(generator -> generator.writeNull(), List.of(), List.of("PromQL info: x"));

        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":null,\"infos\":[\"PromQL info: x\"]}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"BAD_DATA, 400", "EXECUTION, 422", "CANCELED, 499", "TIMEOUT, 503", "INTERNAL, 500",
        "UNAVAILABLE, 500", "NOT_FOUND, 404"})
    void mapsErrorTypesToPrometheusStatusCodes(ErrorType type, int status) {
        ApiResponse response = ApiResponses.error(type, "it \"broke\" <here>");

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"error\",\"errorType\":\"" + type.wireName()
                + "\",\"error\":\"it \\\"broke\\\" \\u003chere\\u003e\"}");
    }
}
