package io.promless.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.storage.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PromqlEngineTest {
    private static final long MINUTE = 60_000;

    /** A series sampled every {@code step} ms from t=0; NaN entries of {@code values} are gaps. */
    private static Series series(Labels labels, long step, double... values) {
        List<Long> timestamps = new ArrayList<>();
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i]) && !StaleMarker.isStale(values[i])) {
                continue;
            }
            timestamps.add(i * step);
            kept.add(values[i]);
        }
        return new Series(labels, timestamps.stream().mapToLong(Long::longValue).toArray(),
                kept.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double[] counter(double start, double increment, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = start + increment * i;
        }
        return values;
    }

    private static final InMemoryStorage STORAGE = new InMemoryStorage(List.of(
            series(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "0"), MINUTE, counter(0, 60, 11)),
            series(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "1"), MINUTE, counter(0, 120, 11)),
            series(Labels.of("__name__", "http_requests_total", "job", "web", "instance", "0"), MINUTE, counter(0, 30, 11)),
            series(Labels.of("__name__", "capacity", "job", "api"), MINUTE, counter(1000, 0, 11)),
            series(Labels.of("__name__", "capacity", "job", "web"), MINUTE, counter(500, 0, 11)),
            series(Labels.of("__name__", "capacity_copy", "job", "api"), MINUTE, counter(1000, 0, 11)),
            series(Labels.of("__name__", "resetting_total"), MINUTE, 10, 20, 30, 5, 15, 25),
            series(Labels.of("__name__", "goes_stale"), MINUTE, 1, 2, StaleMarker.VALUE),
            series(Labels.of("__name__", "sparse"), 10 * MINUTE, 7),
            series(Labels.of("__name__", "latency_bucket", "le", "0.1"), MINUTE, counter(0, 10, 11)),
            series(Labels.of("__name__", "latency_bucket", "le", "0.5"), MINUTE, counter(0, 20, 11)),
            series(Labels.of("__name__", "latency_bucket", "le", "+Inf"), MINUTE, counter(0, 40, 11))));

    private final PromqlEngine engine = new PromqlEngine();

    private Map<Labels, Double> instant(String query, long time) {
        Value value = engine.instantQuery(STORAGE, query, time);
        assertThat(value).isInstanceOf(VectorValue.class);
        Map<Labels, Double> result = new TreeMap<>();
        for (VectorSample sample : ((VectorValue) value).samples()) {
            assertThat(sample.timestamp()).isEqualTo(time);
            result.put(sample.labels(), sample.value());
        }
        return result;
    }

    static Stream<Arguments> instantQueries() {
        Labels api0 = Labels.of("job", "api", "instance", "0");
        return Stream.of(
                Arguments.of("http_requests_total{job=\"web\"}", 5 * MINUTE,
                        Map.of(Labels.of("__name__", "http_requests_total", "job", "web", "instance", "0"), 150.0)),
                // Lookback: the latest sample at or before t, no older than 5m.
                Arguments.of("sparse", 4 * MINUTE, Map.of(Labels.of("__name__", "sparse"), 7.0)),
                Arguments.of("sparse", 5 * MINUTE, Map.of()),
                // A stale marker ends the series at once.
                Arguments.of("goes_stale", MINUTE + 30_000, Map.of(Labels.of("__name__", "goes_stale"), 2.0)),
                Arguments.of("goes_stale", 2 * MINUTE, Map.of()),
                Arguments.of("http_requests_total{job=\"web\"} offset 2m", 5 * MINUTE,
                        Map.of(Labels.of("__name__", "http_requests_total", "job", "web", "instance", "0"), 90.0)),
                Arguments.of("http_requests_total{job=\"web\"} @ 120", 9 * MINUTE,
                        Map.of(Labels.of("__name__", "http_requests_total", "job", "web", "instance", "0"), 60.0)),
                Arguments.of("rate(http_requests_total{job=\"api\",instance=\"0\"}[5m])", 10 * MINUTE, Map.of(api0, 1.0)),
                Arguments.of("increase(http_requests_total{job=\"api\",instance=\"0\"}[5m])", 10 * MINUTE, Map.of(api0, 300.0)),
                // Counter resets add the value before the reset.
                Arguments.of("increase(resetting_total[10m])", 5 * MINUTE + 1, Map.of(Labels.EMPTY, 45 * 330.001 / 300)),
                Arguments.of("resets(resetting_total[10m])", 5 * MINUTE, Map.of(Labels.EMPTY, 1.0)),
                Arguments.of("irate(http_requests_total{job=\"web\"}[5m])", 10 * MINUTE,
                        Map.of(Labels.of("job", "web", "instance", "0"), 0.5)),
                Arguments.of("delta(capacity{job=\"api\"}[5m])", 10 * MINUTE, Map.of(Labels.of("job", "api"), 0.0)),
                Arguments.of("sum by (job) (rate(http_requests_total[5m]))", 10 * MINUTE,
                        Map.of(Labels.of("job", "api"), 3.0, Labels.of("job", "web"), 0.5)),
                Arguments.of("sum(http_requests_total)", 10 * MINUTE, Map.of(Labels.EMPTY, 2100.0)),
                Arguments.of("avg without (instance) (http_requests_total)", 10 * MINUTE,
                        Map.of(Labels.of("job", "api"), 900.0, Labels.of("job", "web"), 300.0)),
                Arguments.of("count(http_requests_total)", 10 * MINUTE, Map.of(Labels.EMPTY, 3.0)),
                Arguments.of("max by (job) (http_requests_total)", 10 * MINUTE,
                        Map.of(Labels.of("job", "api"), 1200.0, Labels.of("job", "web"), 300.0)),
                Arguments.of("topk(1, http_requests_total)", 10 * MINUTE,
                        Map.of(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "1"), 1200.0)),
                Arguments.of("quantile(0.5, http_requests_total)", 10 * MINUTE, Map.of(Labels.EMPTY, 600.0)),
                Arguments.of("stddev(capacity)", 0L, Map.of(Labels.EMPTY, 250.0)),
                Arguments.of("count_values(\"value\", capacity)", 0L,
                        Map.of(Labels.of("value", "1000"), 1.0, Labels.of("value", "500"), 1.0)),
                // Vector matching: many-to-one with group_left copies the "one" side's labels.
                Arguments.of("http_requests_total / on(job) group_left capacity", 10 * MINUTE,
                        Map.of(Labels.of("job", "api", "instance", "0"), 0.6, Labels.of("job", "api", "instance", "1"), 1.2,
                                Labels.of("job", "web", "instance", "0"), 0.6)),
                Arguments.of("sum(capacity) / ignoring(job) group_right capacity", 0L,
                        Map.of(Labels.of("job", "api"), 1.5, Labels.of("job", "web"), 3.0)),
                Arguments.of("capacity > 600", 0L, Map.of(Labels.of("__name__", "capacity", "job", "api"), 1000.0)),
                Arguments.of("capacity > bool 600", 0L, Map.of(Labels.of("job", "api"), 1.0, Labels.of("job", "web"), 0.0)),
                Arguments.of("capacity and on(job) http_requests_total{job=\"web\"}", 0L,
                        Map.of(Labels.of("__name__", "capacity", "job", "web"), 500.0)),
                Arguments.of("capacity unless on(job) http_requests_total{job=\"web\"}", 0L,
                        Map.of(Labels.of("__name__", "capacity", "job", "api"), 1000.0)),
                Arguments.of("capacity{job=\"api\"} or sparse", 0L,
                        Map.of(Labels.of("__name__", "capacity", "job", "api"), 1000.0, Labels.of("__name__", "sparse"), 7.0)),
                Arguments.of("-capacity{job=\"web\"}", 0L, Map.of(Labels.of("job", "web"), -500.0)),
                Arguments.of("histogram_quantile(0.5, latency_bucket)", 10 * MINUTE, Map.of(Labels.EMPTY, 0.5)),
                Arguments.of("histogram_quantile(0.25, rate(latency_bucket[5m]))", 10 * MINUTE, Map.of(Labels.EMPTY, 0.1)),
                Arguments.of("label_replace(capacity, \"team\", \"t-$1\", \"job\", \"(.*)\")", 0L,
                        Map.of(Labels.of("__name__", "capacity", "job", "api", "team", "t-api"), 1000.0,
                                Labels.of("__name__", "capacity", "job", "web", "team", "t-web"), 500.0)),
                Arguments.of("label_join(capacity{job=\"api\"}, \"x\", \"-\", \"__name__\", \"job\")", 0L,
                        Map.of(Labels.of("__name__", "capacity", "job", "api", "x", "capacity-api"), 1000.0)),
                Arguments.of("absent(nonexistent{job=\"x\"})", 0L, Map.of(Labels.of("job", "x"), 1.0)),
                Arguments.of("absent(capacity)", 0L, Map.of()),
                Arguments.of("clamp(capacity, 600, 900)", 0L, Map.of(Labels.of("job", "api"), 900.0, Labels.of("job", "web"), 600.0)),
                Arguments.of("max_over_time(http_requests_total{job=\"web\"}[3m])", 10 * MINUTE,
                        Map.of(Labels.of("job", "web", "instance", "0"), 300.0)),
                Arguments.of("last_over_time(http_requests_total{job=\"web\"}[3m])", 10 * MINUTE,
                        Map.of(Labels.of("__name__", "http_requests_total", "job", "web", "instance", "0"), 300.0)),
                // Left-open range: the sample exactly 3m back is not in (t-3m, t].
                Arguments.of("count_over_time(http_requests_total{job=\"web\"}[3m])", 10 * MINUTE,
                        Map.of(Labels.of("job", "web", "instance", "0"), 3.0)),
                Arguments.of("deriv(http_requests_total{job=\"web\"}[5m])", 10 * MINUTE,
                        Map.of(Labels.of("job", "web", "instance", "0"), 0.5)),
                Arguments.of("predict_linear(http_requests_total{job=\"web\"}[5m], 60)", 10 * MINUTE,
                        Map.of(Labels.of("job", "web", "instance", "0"), 330.0)),
                Arguments.of("max_over_time(rate(http_requests_total{job=\"web\"}[2m])[5m:1m])", 10 * MINUTE,
                        Map.of(Labels.of("job", "web", "instance", "0"), 0.5)),
                Arguments.of("timestamp(sparse)", 3 * MINUTE, Map.of(Labels.EMPTY, 0.0)),
                Arguments.of("vector(time())", 90_000L, Map.of(Labels.EMPTY, 90.0)),
                Arguments.of("hour(vector(7200))", 0L, Map.of(Labels.EMPTY, 2.0)));
    }

    @ParameterizedTest
    @MethodSource("instantQueries")
    void evaluatesInstantQueries(String query, long time, Map<Labels, Double> expected) {
        Map<Labels, Double> actual = instant(query, time);
        assertThat(actual.keySet()).isEqualTo(new TreeMap<>(expected).keySet());
        expected.forEach((labels, value) -> assertThat(actual.get(labels)).as(labels.toString()).isCloseTo(value, within(1e-9)));
    }

    @Test
    void scalarsAndStrings() {
        assertThat(engine.instantQuery(STORAGE, "2 ^ 3 ^ 2", 0)).isEqualTo(new ScalarValue(0, 512));
        assertThat(engine.instantQuery(STORAGE, "1 > bool 2", 5)).isEqualTo(new ScalarValue(5, 0));
        assertThat(engine.instantQuery(STORAGE, "\"hello\"", 5)).isEqualTo(new StringValue(5, "hello"));
        assertThat(engine.instantQuery(STORAGE, "scalar(capacity{job=\"web\"})", 0)).isEqualTo(new ScalarValue(0, 500));
        assertThat(((ScalarValue) engine.instantQuery(STORAGE, "scalar(capacity)", 0)).value()).isNaN();
    }

    @Test
    void instantQueryOfRangeSelectorReturnsTheWindow() {
        MatrixValue matrix = (MatrixValue) engine.instantQuery(STORAGE, "http_requests_total{job=\"web\"}[2m]", 5 * MINUTE);
        assertThat(matrix.series()).hasSize(1);
        assertThat(matrix.series().get(0).timestamps()).containsExactly(4 * MINUTE, 5 * MINUTE);
        assertThat(matrix.series().get(0).values()).containsExactly(120, 150);
    }

    @Test
    void rangeQueryEvaluatesEveryStepAndSortsByLabels() {
        MatrixValue matrix = (MatrixValue) engine.rangeQuery(STORAGE, "http_requests_total{instance=\"0\"} * 2", 0, 2 * MINUTE, MINUTE);
        assertThat(matrix.series()).extracting(Series::labels)
                .containsExactly(Labels.of("job", "api", "instance", "0"), Labels.of("job", "web", "instance", "0"));
        assertThat(matrix.series().get(0).timestamps()).containsExactly(0, MINUTE, 2 * MINUTE);
        assertThat(matrix.series().get(0).values()).containsExactly(0, 120, 240);
    }

    @Test
    void rangeQueryOfAStaleSeriesHasAGap() {
        MatrixValue matrix = (MatrixValue) engine.rangeQuery(STORAGE, "goes_stale", 0, 3 * MINUTE, MINUTE);
        assertThat(matrix.series().get(0).timestamps()).containsExactly(0, MINUTE);
    }

    @Test
    void rangeQueryOfScalarIsOneSeriesWithoutLabels() {
        MatrixValue matrix = (MatrixValue) engine.rangeQuery(STORAGE, "time()", 0, 2 * MINUTE, MINUTE);
        assertThat(matrix.series()).singleElement().satisfies(s -> {
            assertThat(s.labels().isEmpty()).isTrue();
            assertThat(s.values()).containsExactly(0, 60, 120);
        });
    }

    @Test
    void metricNameDroppingCollisionIsAnError() {
        assertThatThrownBy(() -> engine.instantQuery(STORAGE, "abs({__name__=~\"capacity.*\", job=\"api\"})", 0))
                .isInstanceOf(PromlessException.class)
                .hasMessage("vector cannot contain metrics with the same labelset");
    }

    @Test
    void oneToOneMatchingWithDuplicatesIsAnError() {
        assertThatThrownBy(() -> engine.instantQuery(STORAGE, "capacity + on() http_requests_total", 0))
                .isInstanceOf(PromlessException.class)
                .hasMessageContaining("many-to-many matching not allowed");
    }

    @Test
    void rangeQueryRejectsRangeVectorsAndBadSteps() {
        assertThatThrownBy(() -> engine.rangeQuery(STORAGE, "capacity[5m]", 0, MINUTE, MINUTE))
                .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
                .satisfies(e -> assertThat(((PromlessException) e).type()).isEqualTo(ErrorType.BAD_DATA));
        assertThatThrownBy(() -> engine.rangeQuery(STORAGE, "capacity", 0, MINUTE, 0))
                .hasMessageContaining("zero or negative query resolution step widths are not accepted");
        assertThatThrownBy(() -> engine.rangeQuery(STORAGE, "capacity", 0, 11_000 * MINUTE, MINUTE))
                .hasMessageContaining("exceeded maximum resolution of 11,000 points per timeseries");
    }

    @Test
    void maxSamplesIsAnExecutionError() {
        PromqlEngine limited = new PromqlEngine(EngineOptions.defaults().withMaxSamples(5));
        assertThatThrownBy(() -> limited.instantQuery(STORAGE, "http_requests_total[10m]", 10 * MINUTE))
                .isInstanceOf(PromlessException.class)
                .hasMessage("query processing would load too many samples into memory in query execution")
                .satisfies(e -> assertThat(((PromlessException) e).type()).isEqualTo(ErrorType.EXECUTION));
    }

    @Test
    void timeoutUsesTheInjectedClock() {
        AtomicLong nanos = new AtomicLong();
        PromqlEngine slow = new PromqlEngine(EngineOptions.defaults().withTimeout(Duration.ofSeconds(1))
                .withNanoClock(() -> nanos.getAndAdd(600_000_000L)));
        assertThatThrownBy(() -> slow.instantQuery(STORAGE, "sum(rate(http_requests_total[5m]))", 10 * MINUTE))
                .isInstanceOf(PromlessException.class)
                .satisfies(e -> assertThat(((PromlessException) e).type()).isEqualTo(ErrorType.TIMEOUT));
    }

    @Test
    void annotationsCarryPrometheusWordingAndPosition() {
        QueryResult result = engine.instantQueryWithAnnotations(STORAGE, "histogram_quantile(2, capacity)", 0);
        assertThat(result.warnings()).containsExactly(
                "PromQL warning: quantile value should be between 0 and 1, got 2 (1:20)",
                "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"\" for metric name \"capacity\" (1:23)");
        assertThat(result.infos()).isEmpty();
        QueryResult sorted = engine.rangeQueryWithAnnotations(STORAGE, "sort(capacity)", 0, MINUTE, MINUTE);
        assertThat(sorted.warnings()).containsExactly(
                "PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)");
    }

    @Test
    void experimentalDurationExpressionsAndFillModifiers() {
        PromqlEngine experimental = new PromqlEngine(EngineOptions.defaults().withExperimentalFunctions(true));
        MatrixValue counts = (MatrixValue) experimental.rangeQuery(STORAGE,
                "count_over_time(http_requests_total{job=\"web\"}[step() * 2])", 4 * MINUTE, 6 * MINUTE, MINUTE);
        assertThat(counts.series().get(0).values()).containsExactly(2, 2, 2);
        Value filled = experimental.instantQuery(STORAGE, "capacity + fill(0) sparse", 0);
        assertThat(((VectorValue) filled).samples()).extracting(VectorSample::value).containsExactlyInAnyOrder(1000.0, 500.0, 7.0);
        assertThatThrownBy(() -> engine.instantQuery(STORAGE, "capacity + fill(0) sparse", 0))
                .hasMessageContaining("fill modifiers are experimental");
    }

    @Test
    void parseErrorsAreBadData() {
        assertThatThrownBy(() -> engine.instantQuery(STORAGE, "rate(capacity)", 0))
                .isInstanceOf(PromlessException.class)
                .hasMessage("1:1: parse error: expected type range vector in call to function \"rate\", got instant vector")
                .satisfies(e -> assertThat(((PromlessException) e).type()).isEqualTo(ErrorType.BAD_DATA));
    }
}
