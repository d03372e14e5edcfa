package io.promless.blocks.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesMergerTest {
    private static final Labels UP = Labels.of("__name__", "up");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new long[] {1, 2, 3}, new long[] {}, new long[] {1, 2, 3}, new double[] {10, 20, 30}),
                Arguments.of(new long[] {}, new long[] {1, 2}, new long[] {1, 2}, new double[] {-1, -2}),
                Arguments.of(new long[] {1, 3}, new long[] {2, 4}, new long[] {1, 2, 3, 4}, new double[] {10, -2, 30, -4}),
                Arguments.of(new long[] {1, 2, 3}, new long[] {2, 3, 4}, new long[] {1, 2, 3, 4}, new double[] {10, 20, 30, -4}),
                Arguments.of(new long[] {5}, new long[] {1, 5, 9}, new long[] {1, 5, 9}, new double[] {-1, 50, -9}),
                // Disjoint parts in time order are joined by one copy; out of order they are merged.
                Arguments.of(new long[] {1, 2}, new long[] {3, 4}, new long[] {1, 2, 3, 4}, new double[] {10, 20, -3, -4}),
                Arguments.of(new long[] {3, 4}, new long[] {1, 2}, new long[] {1, 2, 3, 4}, new double[] {-1, -2, 30, 40}),
                Arguments.of(new long[] {1, 2}, new long[] {2, 4}, new long[] {1, 2, 4}, new double[] {10, 20, -4}));
    }

    /** First source values are timestamp*10, second source values are -timestamp: duplicates keep the first. */
    @ParameterizedTest
    @MethodSource("cases")
    void mergesByTimestampAndTheFirstSourceWinsDuplicates(long[] first, long[] second, long[] timestamps, double[] values) {
        SeriesMerger merger = new SeriesMerger();
        merger.add(List.of(series(first, 10)));
        merger.add(List.of(series(second, -1)));
        List<Series> merged = merger.merged();
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).timestamps()).containsExactly(timestamps);
        assertThat(merged.get(0).values()).containsExactly(values);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void distinctLabelsStaySeparateAndSorted(long[] first, long[] second, long[] ignoredTimes, double[] ignoredValues) {
        SeriesMerger merger = new SeriesMerger();
        Labels down = Labels.of("__name__", "down");
        merger.add(List.of(series(first, 1)));
        merger.add(List.of(new Series(down, second, new double[second.length])));
        assertThat(merger.merged()).extracting(Series::labels).containsExactly(down, UP);
    }

    private static Series series(long[] timestamps, double factor) {
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = timestamps[i] * factor;
        }
        return new Series(UP, timestamps, values);
    }
}
