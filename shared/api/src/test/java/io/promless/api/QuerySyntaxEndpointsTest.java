package io.promless.api;

import static io.promless.api.PrometheusApiTest.get;
import static io.promless.api.PrometheusApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuerySyntaxEndpointsTest {
    private static final String UNCLOSED = "1:5: parse error: unclosed left parenthesis";

    private final List<String> parsed = new ArrayList<>();
    private final PrometheusApi api = PrometheusApi.builder(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
                    new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH))
            .queryFormatter(query -> {
                parsed.add(query);
                failIfUnbalanced(query);
                return query.replace("sum(x)by(job)", "sum by (job) (x)");
            })
            .syntaxTreeParser(query -> {
                parsed.add(query);
                failIfUnbalanced(query);
                return generator -> {
                    generator.writeStartObject();
                    generator.writeStringField("type", "numberLiteral");
                    generator.writeStringField("val", query);
                    generator.writeEndObject();
                };
            })
            .selectorExtractor(query -> {
                parsed.add(query);
                failIfUnbalanced(query);
                return query.contains("up") ? List.of(List.of(LabelMatcher.equal("__name__", "up"))) : List.of();
            })
            .build();

    /** A stand-in for the PromQL parser: only unbalanced parentheses are errors. */
    private static void failIfUnbalanced(String query) {
        if (query.chars().filter(c -> c == '(').count() != query.chars().filter(c -> c == ')').count()) {
            throw new PromlessException(ErrorType.BAD_DATA, UNCLOSED);
        }
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("/api/v1/format_query", "query=sum(x)by(job)", 200,
                        "{\"status\":\"success\",\"data\":\"sum by (job) (x)\"}"),
                Arguments.of("/api/v1/format_query", "query=sum(x", 400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": " + UNCLOSED + "\"}"),
                Arguments.of("/api/v1/parse_query", "query=42", 200,
                        "{\"status\":\"success\",\"data\":{\"type\":\"numberLiteral\",\"val\":\"42\"}}"),
                Arguments.of("/api/v1/parse_query", "query=rate(x", 400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": " + UNCLOSED + "\"}"),
                Arguments.of("/api/v1/query_exemplars", "query=up&start=1&end=2", 200,
                        "{\"status\":\"success\",\"data\":[]}"),
                Arguments.of("/api/v1/query_exemplars", "query=up", 200, "{\"status\":\"success\",\"data\":[]}"),
                Arguments.of("/api/v1/query_exemplars", "query=1%2B1&start=2026-11-26T07:00:00Z", 204, ""),
                Arguments.of("/api/v1/query_exemplars", "query=sum(up&start=1", 400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + UNCLOSED + "\"}"),
                Arguments.of("/api/v1/query_exemplars", "query=up&start=2&end=1", 400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"end timestamp must not be before start timestamp\"}"),
                Arguments.of("/api/v1/query_exemplars", "query=up&start=soon", 400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"start\\\": "
                                + "invalid time value for 'start': cannot parse \\\"soon\\\" to a valid timestamp\"}"),
                Arguments.of("/api/v1/query_exemplars", "query=up&end=later", 400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"end\\\": "
                                + "invalid time value for 'end': cannot parse \\\"later\\\" to a valid timestamp\"}"));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @MethodSource("answers")
    void answersGetAndFormPostAlike(String path, String form, int status, String body) {
        for (ApiRequest request : List.of(get(path + "?" + form), post(path, form))) {
            ApiResponse response = api.handle(request);

            assertThat(response.status()).as(request.method()).isEqualTo(status);
            assertThat(response.bodyText()).as(request.method()).isEqualTo(body);
        }
    }
}
