package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.promql.ast.Expr;
import io.promless.promql.parser.QueryParser;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PromqlTextTest {
    /** Queries and Prometheus's {@code String()} of them, which is also Pretty's output for short queries. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "sum(task:errors:rate10s{job=\"s\"}) by (code) | sum by (code) (task:errors:rate10s{job=\"s\"})",
        "sum without(instance) (x)                   | sum without (instance) (x)",
        "topk(5, x)                                  | topk(5, x)",
        "count_values(\"value\", x)                  | count_values(\"value\", x)",
        "a - on(b) group_left(x) c                   | a - on (b) group_left (x) c",
        "a - ignoring() c                            | a - c",
        "up > bool 0                                 | up > bool 0",
        "a offset -7m                                | a offset -7m",
        "a{c=\"d\"}[5m] offset 1m                    | a{c=\"d\"}[5m] offset 1m",
        "a @ 10                                      | a @ 10.000",
        "a[1m:5s] @ start() offset 1h                | a[1m:5s] @ start() offset 1h",
        "a[1m:]                                      | a[1m:]",
        "{__name__=\"a\"}                            | {__name__=\"a\"}",
        "a{z=\"1\",b!=\"c\", d=~\"e\"}               | a{b!=\"c\",d=~\"e\",z=\"1\"}",
        "-some_metric                                | -some_metric",
        "1 + 2                                       | 1 + 2",
        "1e6                                         | 1000000",
        "0.000001                                    | 0.000001",
        "Inf                                         | +Inf",
        "NaN                                         | NaN",
        "x[90d]                                      | x[90d]",
        "x[84d]                                      | x[12w]",
        "x[1h30m]                                    | x[1h30m]",
        "sum by (\"a.b\") (x)                        | sum by (\"a.b\") (x)",
        "{\"x y\"=\"1\"}                             | {\"x y\"=\"1\"}",
        "\"str\\n\"                                  | \"str\\n\"",
        "rate(x[5m])                                 | rate(x[5m])",
        "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\") | label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")",
    })
    void writesQueriesAsPrometheusStringDoes(String query, String expected) {
        Expr expr = QueryParser.stable().parseExpression(query);

        assertThat(PromqlText.string(expr)).isEqualTo(expected);
        assertThat(PromqlText.pretty(expr)).isEqualTo(expected);
        assertThat(PromqlText.string(QueryParser.stable().parseExpression(expected))).isEqualTo(expected);
    }

    static Stream<Arguments> longQueries() {
        return Stream.of(
                Arguments.of(
                        "sum(rate(http_requests_total{job=\"prometheus\",handler=\"/api/v1/query\"}[5m])) / ignoring(handler)"
                                + " sum(rate(http_requests_total{job=\"prometheus\"}[5m]))",
                        """
                          sum(rate(http_requests_total{handler="/api/v1/query",job="prometheus"}[5m]))
                        / ignoring (handler)
                          sum(rate(http_requests_total{job="prometheus"}[5m]))"""),
                Arguments.of(
                        "histogram_quantile(0.99, sum by (le, job, instance, handler) "
                                + "(rate(prometheus_http_request_duration_seconds_bucket{job=\"prometheus\"}[5m])))",
                        """
                        histogram_quantile(
                          0.99,
                          sum by (le, job, instance, handler) (
                            rate(prometheus_http_request_duration_seconds_bucket{job="prometheus"}[5m])
                          )
                        )"""),
                Arguments.of(
                        "-(some_metric_with_a_long_name_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                + " + other_metric_with_a_long_name_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)",
                        """
                        -(
                            some_metric_with_a_long_name_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                          +
                            other_metric_with_a_long_name_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
                        )"""),
                Arguments.of(
                        "max_over_time((some_metric_with_a_long_name_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                + " * other_metric_with_a_long_name_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)[1h:5m])",
                        """
                        max_over_time(
                          (
                              some_metric_with_a_long_name_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                            *
                              other_metric_with_a_long_name_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
                          )[1h:5m]
                        )"""));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("longQueries")
    void splitsWhatExceedsOneHundredCharacters(String query, String expected) {
        Expr expr = QueryParser.stable().parseExpression(query);

        assertThat(PromqlText.pretty(expr)).isEqualTo(expected);
        // The formatted text is a query again, and the same one.
        assertThat(PromqlText.string(QueryParser.stable().parseExpression(expected))).isEqualTo(PromqlText.string(expr));
    }
}
