package io.promless.ingest;

import static io.promless.ingest.Messages.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.remote.RemoteTimeSeries;
import io.promless.remote.RemoteWriteRequest;
import io.promless.storage.Series;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesValidatorTest {
    static Stream<Arguments> acceptedLabelSets() {
        return Stream.of(
                Arguments.of("already sorted", new String[] {"__name__", "up", "job", "a"},
                        Labels.of("__name__", "up", "job", "a")),
                Arguments.of("unsorted labels are sorted", new String[] {"zone", "z", "job", "a", "__name__", "up"},
                        Labels.of("__name__", "up", "job", "a", "zone", "z")),
                Arguments.of("empty values are dropped", new String[] {"__name__", "up", "empty", "", "job", "a"},
                        Labels.of("__name__", "up", "job", "a")),
                Arguments.of("UTF-8 names as Prometheus 3 allows", new String[] {"__name__", "http.requests ✓", "ünï-cödé", "v"},
                        Labels.of("__name__", "http.requests ✓", "ünï-cödé", "v")),
                Arguments.of("only a metric name", new String[] {"__name__", "up"}, Labels.of("__name__", "up")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedLabelSets")
    void acceptsAndNormalizesLabels(String description, String[] wireLabels, Labels expected) {
        ValidatedRequest result = validate(series(wireLabels));
        assertThat(result.seriesRejected()).isZero();
        assertThat(result.series()).singleElement().satisfies(s -> assertThat(s.labels().toList()).isEqualTo(expected.toList()));
    }

    static Stream<Arguments> rejectedLabelSets() {
        return Stream.of(
                Arguments.of("duplicate label name", series("__name__", "up", "job", "a", "job", "b"), "duplicate label name \"job\""),
                Arguments.of("duplicate even with an empty value", series("job", "", "__name__", "up", "job", "b"),
                        "duplicate label name \"job\""),
                Arguments.of("no metric name", series("job", "a"), "missing metric name"),
                Arguments.of("empty metric name", series("__name__", "", "job", "a"), "missing metric name"),
                Arguments.of("no labels at all", series(), "missing metric name"),
                Arguments.of("empty label name", series("__name__", "up", "", "x"), "invalid label name \"\""),
                Arguments.of("lone surrogate in a name", series("__name__", "up", "bad\uD800", "x"), "invalid label name"),
                Arguments.of("invalid UTF-8 on the wire", new RemoteTimeSeries(new String[] {"__name__"},
                        new String[] {"up\uFFFD"}, new long[] {1}, new double[] {1}, false), "not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedLabelSets")
    void rejectsInvalidSeriesButKeepsTheOthers(String description, RemoteTimeSeries bad, String reason) {
        ValidatedRequest result = validate(series("__name__", "good"), bad, series("__name__", "also_good"));
        assertThat(result.seriesRejected()).isEqualTo(1);
        assertThat(result.samplesRejected()).isEqualTo(bad.sampleCount());
        assertThat(result.rejections()).singleElement().asString().contains(reason);
        assertThat(result.series()).extracting(s -> s.labels().metricName()).containsExactly("good", "also_good");
    }

    static Stream<Arguments> sampleCases() {
        double nan = Double.NaN;
        double stale = StaleMarker.VALUE;
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                Arguments.of("ascending kept as sent", new long[] {1, 2, 3}, new double[] {1, 2, 3},
                        new long[] {1, 2, 3}, new double[] {1, 2, 3}, 0, 0),
                Arguments.of("out of order sorted", new long[] {3, 1, 2}, new double[] {30, 10, 20},
                        new long[] {1, 2, 3}, new double[] {10, 20, 30}, 0, 0),
                Arguments.of("exact duplicates dropped", new long[] {1, 2, 2, 1}, new double[] {1, 2, 2, 1},
                        new long[] {1, 2}, new double[] {1, 2}, 2, 0),
                Arguments.of("conflicting value for a timestamp: first wins", new long[] {5, 5, 4}, new double[] {1, 9, 0},
                        new long[] {4, 5}, new double[] {0, 1}, 0, 1),
                Arguments.of("special values keep their bits", new long[] {1, 2, 3, 4, 5},
                        new double[] {nan, stale, inf, -inf, -0.0},
                        new long[] {1, 2, 3, 4, 5}, new double[] {nan, stale, inf, -inf, -0.0}, 0, 0),
                Arguments.of("NaN repeated is a duplicate, stale after NaN is not", new long[] {1, 1, 1},
                        new double[] {nan, nan, stale}, new long[] {1}, new double[] {nan}, 1, 1),
                Arguments.of("negative timestamps", new long[] {0, -1000}, new double[] {1, 2},
                        new long[] {-1000, 0}, new double[] {2, 1}, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleCases")
    void samplesAreSortedAndDeduplicated(String description, long[] timestamps, double[] values,
            long[] expectedTimestamps, double[] expectedValues, long duplicates, long conflicts) {
        ValidatedRequest result = validate(series(new String[] {"__name__", "m"}, timestamps, values));
        Series series = result.series().get(0);
        assertThat(series.timestamps()).containsExactly(expectedTimestamps);
        assertThat(bits(series.values())).containsExactly(bits(expectedValues));
        assertThat(result.duplicateSamplesDropped()).isEqualTo(duplicates);
        assertThat(result.samplesRejected()).isEqualTo(conflicts);
        assertThat(result.samples()).isEqualTo(expectedTimestamps.length);
    }

    @Test
    void theSameLabelSetTwiceInOneRequestIsMerged() {
        ValidatedRequest result = validate(
                series(new String[] {"__name__", "m", "job", "a"}, new long[] {3, 4}, new double[] {3, 4}),
                series(new String[] {"__name__", "n"}, new long[] {1}, new double[] {1}),
                series(new String[] {"job", "a", "__name__", "m"}, new long[] {1, 4}, new double[] {1, 4}));
        assertThat(result.series()).hasSize(2);
        Series merged = result.series().get(0);
        assertThat(merged.labels().toList()).isEqualTo(Labels.of("__name__", "m", "job", "a").toList());
        assertThat(merged.timestamps()).containsExactly(1, 3, 4);
        assertThat(result.duplicateSamplesDropped()).isEqualTo(1);
    }

    @Test
    void labelsTheDecoderFoundValidAreUsedAsTheyAreAndMergeWithEqualOnes() {
        Labels valid = Labels.of("__name__", "m", "job", "a");
        RemoteTimeSeries decoded = new RemoteTimeSeries(new String[] {"__name__", "job"}, new String[] {"m", "a"},
                new long[] {3}, new double[] {3}, true, valid);
        ValidatedRequest result = validate(
                decoded,
                series(new String[] {"job", "a", "__name__", "m"}, new long[] {1}, new double[] {1}));
        assertThat(result.series()).singleElement().satisfies(series -> {
            assertThat((Object) series.labels()).isSameAs(valid);
            assertThat(series.timestamps()).containsExactly(1, 3);
        });
    }

    @Test
    void seriesWithoutSamplesAreSkippedNotRejected() {
        ValidatedRequest result = validate(series(new String[] {"__name__", "m"}, new long[0], new double[0]));
        assertThat(result.series()).isEmpty();
        assertThat(result.seriesRejected()).isZero();
    }

    @Test
    void rejectionReasonsAreCappedButCountsAreNot() {
        RemoteTimeSeries[] bad = new RemoteTimeSeries[20];
        Arrays.fill(bad, series("job", "x"));
        ValidatedRequest result = validate(bad);
        assertThat(result.seriesRejected()).isEqualTo(20);
        assertThat(result.rejections()).hasSize(SeriesValidator.MAX_REASONS);
    }

    private static ValidatedRequest validate(RemoteTimeSeries... series) {
        return SeriesValidator.validate(RemoteWriteRequest.of(List.of(series), List.of()));
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
