package io.promless.api;

import static io.promless.api.PrometheusApiTest.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.promql.parser.QueryParser;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The API's default syntax ports, backed by the PromQL parser. */
class PromqlSyntaxTest {
    private static final String X = "{\"anchored\":false,\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"x\"}],"
            + "\"name\":\"x\",\"offset\":0,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,\"type\":\"vectorSelector\"}";

    private final PrometheusApi api = new PrometheusApi(new RecordingQueryEngine(), new InMemoryQueryable(List.of()),
            new FakeSelectorParser(), InstantSource.fixed(Instant.EPOCH));

    static Stream<Arguments> trees() {
        return Stream.of(
                Arguments.of("sum by (job) (rate(up{a=\"b\"}[5m] offset 1m))", "{\"expr\":{\"args\":[{\"anchored\":false,"
                        + "\"matchers\":[{\"name\":\"a\",\"type\":\"=\",\"value\":\"b\"},{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"up\"}],"
                        + "\"name\":\"up\",\"offset\":60000,\"range\":300000,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,"
                        + "\"type\":\"matrixSelector\"}],\"func\":{\"argTypes\":[\"matrix\"],\"name\":\"rate\",\"returnType\":\"vector\","
                        + "\"variadic\":0},\"type\":\"call\"},\"grouping\":[\"job\"],\"op\":\"sum\",\"param\":null,"
                        + "\"type\":\"aggregation\",\"without\":false}"),
                Arguments.of("topk(3, -x) > bool on(a) group_left(b) x", "{\"bool\":true,\"lhs\":{\"expr\":{\"expr\":" + X
                        + ",\"op\":\"-\",\"type\":\"unaryExpr\"},\"grouping\":[],\"op\":\"topk\",\"param\":{\"type\":\"numberLiteral\","
                        + "\"val\":\"3\"},\"type\":\"aggregation\",\"without\":false},\"matching\":{\"card\":\"many-to-one\","
                        + "\"fillValues\":{\"lhs\":null,\"rhs\":null},\"include\":[\"b\"],\"labels\":[\"a\"],\"on\":true},"
                        + "\"op\":\"\\u003e\",\"rhs\":" + X + ",\"type\":\"binaryExpr\"}"),
                Arguments.of("x[5m:1m] @ end() offset 2m", "{\"expr\":" + X + ",\"offset\":120000,\"range\":300000,"
                        + "\"startOrEnd\":\"end\",\"step\":60000,\"timestamp\":null,\"type\":\"subquery\"}"),
                Arguments.of("x @ 1000", X.replace("\"timestamp\":null", "\"timestamp\":1000000")),
                Arguments.of("(1 + 2) * 3", "{\"bool\":false,\"lhs\":{\"expr\":{\"bool\":false,\"lhs\":{\"type\":\"numberLiteral\","
                        + "\"val\":\"1\"},\"matching\":null,\"op\":\"+\",\"rhs\":{\"type\":\"numberLiteral\",\"val\":\"2\"},"
                        + "\"type\":\"binaryExpr\"},\"type\":\"parenExpr\"},\"matching\":null,\"op\":\"*\",\"rhs\":"
                        + "{\"type\":\"numberLiteral\",\"val\":\"3\"},\"type\":\"binaryExpr\"}"),
                Arguments.of("label_join(x, \"a\", \",\", \"b\")", "{\"args\":[" + X + ",{\"type\":\"stringLiteral\",\"val\":\"a\"},"
                        + "{\"type\":\"stringLiteral\",\"val\":\",\"},{\"type\":\"stringLiteral\",\"val\":\"b\"}],"
                        + "\"func\":{\"argTypes\":[\"vector\",\"string\",\"string\",\"string\"],\"name\":\"label_join\","
                        + "\"returnType\":\"vector\",\"variadic\":-1},\"type\":\"call\"}"),
                Arguments.of("x and x", "{\"bool\":false,\"lhs\":" + X + ",\"matching\":{\"card\":\"many-to-many\","
                        + "\"fillValues\":{\"lhs\":null,\"rhs\":null},\"include\":[],\"labels\":[],\"on\":false},\"op\":\"and\","
                        + "\"rhs\":" + X + ",\"type\":\"binaryExpr\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void parseQueryAnswersPrometheusTreeShape(String query, String tree) {
        ApiResponse response = api.handle(PrometheusApiTest.post("/api/v1/parse_query", "query=" + encode(query)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":" + tree + "}");
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("/api/v1/format_query?query=sum(up) by (job)", 200, "{\"status\":\"success\",\"data\":\"sum by (job) (up)\"}"),
                Arguments.of("/api/v1/format_query?query=sum(", 400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                        + "\"error\":\"invalid parameter \\\"query\\\": 1:5: parse error: unclosed left parenthesis\"}"),
                Arguments.of("/api/v1/parse_query?query=", 400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                        + "\"error\":\"invalid parameter \\\"query\\\": 1:1: parse error: no expression found in input\"}"),
                Arguments.of("/api/v1/query_exemplars?query=rate(x[5m]) / x", 200, "{\"status\":\"success\",\"data\":[]}"),
                Arguments.of("/api/v1/query_exemplars?query=time()", 204, ""),
                Arguments.of("/api/v1/query_exemplars?query=rate(x)", 400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                        + "\"error\":" + parserMessage("rate(x)") + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void answersWithTheParserByDefault(String pathAndQuery, int status, String body) {
        ApiResponse response = api.handle(get(pathAndQuery));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.bodyText()).isEqualTo(body);
    }

    @Test
    void extractsEverySelectorInQueryOrder() {
        List<List<LabelMatcher>> selectors = PromqlSyntax.stable()
                .selectors("sum(rate(a{j=\"1\"}[5m])) / on() group_left b offset 1m + count_values(\"v\", c)");

        assertThat(selectors.stream().map(Set::copyOf).toList()).containsExactly(
                Set.of(LabelMatcher.of(MatchType.EQUAL, "j", "1"), LabelMatcher.equal("__name__", "a")),
                Set.of(LabelMatcher.equal("__name__", "b")),
                Set.of(LabelMatcher.equal("__name__", "c")));
        assertThat(PromqlSyntax.stable().selectors("1 + time()")).isEmpty();
    }

    /** The PromQL parser's own message, which query_exemplars passes on unwrapped. */
    private static String parserMessage(String query) {
        try {
            QueryParser.stable().parseExpression(query);
        } catch (PromlessException e) {
            return "\"" + e.getMessage().replace("\"", "\\\"") + "\"";
        }
        throw new AssertionError("expected a parse error for " + query);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
