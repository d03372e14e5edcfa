package io.promless.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesOrderTest {
    @ParameterizedTest(name = "{0} series, ids below {1}")
    @CsvSource({"0, 10", "1, 10", "15, 4", "16, 1000", "17, 3", "100, 1000000", "1000, 50", "4097, 9223372036854775807"})
    void sortsByIdLikeAStableComparatorSort(int size, long bound) {
        SplittableRandom random = new SplittableRandom(size);
        List<SeriesSamples> series = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long id = bound == Long.MAX_VALUE ? random.nextLong() : random.nextLong(bound);
            series.add(new SeriesSamples(id, new long[] {i}, new double[] {i}));
        }
        List<SeriesSamples> expected = new ArrayList<>(series);
        expected.sort(Comparator.comparingLong(SeriesSamples::seriesId)); // List.sort is stable

        SeriesOrder.sortById(series);

        assertThat(series).containsExactlyElementsOf(expected);
    }
}
