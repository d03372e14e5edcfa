package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResultComparatorTest {
    private static final Map<String, String> A = Map.of("__name__", "up", "job", "a");
    private static final Map<String, String> B = Map.of("__name__", "up", "job", "b");

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "1, 1, true",
        "1, 1.0, true",
        "1e3, 1000, true",
        "1, 1.0000000001, true",
        "1, 1.00000001, false",
        "1e20, 1.0000000000001e20, true",
        "0, 1e-13, true",
        "0, 1e-9, false",
        "-0, 0, true",
        "NaN, NaN, true",
        "NaN, 1, false",
        "1, NaN, false",
        "+Inf, +Inf, true",
        "-Inf, -Inf, true",
        "+Inf, -Inf, false",
        "+Inf, 1e308, false",
        "abc, abc, true",
        "abc, abd, false",
        "1, abc, false",
    })
    void valuesEqual(String prometheus, String promless, boolean equal) {
        assertThat(ResultComparator.valuesEqual(prometheus, promless)).isEqualTo(equal);
    }

    static Stream<Arguments> outcomes() {
        QueryOutcome vectorAB = vector(series(A, 10, "1"), series(B, 10, "2"));
        return Stream.of(
                Arguments.of("identical", vectorAB, vectorAB, false, null),
                Arguments.of("order ignored", vectorAB, vector(series(B, 10, "2"), series(A, 10, "1")), false, null),
                Arguments.of("order checked", vectorAB, vector(series(B, 10, "2"), series(A, 10, "1")), true, "order"),
                Arguments.of("missing series", vectorAB, vector(series(A, 10, "1")), false, "missing in Promless"),
                Arguments.of("extra series", vector(series(A, 10, "1")), vectorAB, false, "extra in Promless"),
                Arguments.of("value", vectorAB, vector(series(A, 10, "1"), series(B, 10, "2.5")), false, "point 0"),
                Arguments.of("timestamp", vectorAB, vector(series(A, 11, "1"), series(B, 10, "2")), false, "point 0"),
                Arguments.of("label value", vectorAB,
                        vector(series(A, 10, "1"), series(Map.of("__name__", "up", "job", "c"), 10, "2")), false, "missing"),
                Arguments.of("result type", vectorAB, QueryOutcome.success("matrix", vectorAB.series()), false, "result type"),
                Arguments.of("error vs success", QueryOutcome.error(400, "bad_data", "parse error"), vectorAB, false,
                        "Prometheus: error bad_data"),
                Arguments.of("success vs error", vectorAB, QueryOutcome.error(422, "execution", "boom"), false,
                        "Promless: error execution"),
                Arguments.of("same error type, other text", QueryOutcome.error(400, "bad_data", "a"),
                        QueryOutcome.error(400, "bad_data", "b"), false, null),
                Arguments.of("other error type", QueryOutcome.error(400, "bad_data", "a"),
                        QueryOutcome.error(422, "execution", "a"), false, "error type"),
                Arguments.of("duplicate labels", vector(series(A, 10, "1")), vector(series(A, 10, "1"), series(A, 10, "1")),
                        false, "duplicate"),
                Arguments.of("points count", matrix(new QueryOutcome.ResultSeries(A, List.of(point(1, "1"), point(2, "2")))),
                        matrix(new QueryOutcome.ResultSeries(A, List.of(point(1, "1")))), false, "2 points, Promless 1"),
                Arguments.of("empty both", vector(), vector(), true, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void compare(String name, QueryOutcome prometheus, QueryOutcome promless, boolean ordered, String expectedDifference) {
        List<String> differences = ResultComparator.compare(prometheus, promless, ordered);
        if (expectedDifference == null) {
            assertThat(differences).isEmpty();
        } else {
            assertThat(differences).isNotEmpty();
            assertThat(String.join("\n", differences)).contains(expectedDifference);
        }
    }

    @org.junit.jupiter.api.Test
    void manyDifferencesAreCut() {
        QueryOutcome many = vector(java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> series(Map.of("i", Integer.toString(i)), 1, "1")).toArray(QueryOutcome.ResultSeries[]::new));
        List<String> differences = ResultComparator.compare(many, vector(), false);
        assertThat(differences).hasSize(6).last().asString().contains("15 more");
    }

    private static QueryOutcome vector(QueryOutcome.ResultSeries... series) {
        return QueryOutcome.success("vector", List.of(series));
    }

    private static QueryOutcome matrix(QueryOutcome.ResultSeries... series) {
        return QueryOutcome.success("matrix", List.of(series));
    }

    private static QueryOutcome.ResultSeries series(Map<String, String> labels, long time, String value) {
        return new QueryOutcome.ResultSeries(labels, List.of(point(time, value)));
    }

    private static QueryOutcome.Point point(long time, String value) {
        return new QueryOutcome.Point(time, value);
    }
}
