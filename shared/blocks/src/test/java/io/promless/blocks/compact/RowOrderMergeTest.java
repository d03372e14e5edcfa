package io.promless.blocks.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RowOrderMergeTest {
    private static final Labels A = Labels.of("__name__", "a", "x", "1");
    private static final Labels A2 = Labels.of("__name__", "a", "x", "2");
    private static final Labels B = Labels.of("__name__", "b");
    private static final Labels Z = Labels.of("__name__", "z");

    @Test
    void mergesInRowOrderAndTheEarlierSourceWinsDuplicateTimestamps() {
        RowOrderMerge merge = new RowOrderMerge(List.of(
                List.of(series(0, A, 1, 2), series(0, B, 1)).iterator(),
                List.of(series(1, A, 2, 3), series(1, A2, 5), series(1, Z, 9)).iterator(),
                List.<Series>of().iterator(),
                List.of(series(3, B, 7)).iterator()));
        List<Series> merged = new ArrayList<>();
        merge.forEachRemaining(merged::add);

        assertThat(merged).extracting(Series::labels).containsExactly(A, A2, B, Z);
        assertThat(merged.get(0).timestamps()).containsExactly(1, 2, 3);
        // Values are source*100 + timestamp: timestamp 2 comes from source 0.
        assertThat(merged.get(0).values()).containsExactly(1, 2, 103);
        assertThat(merged.get(2).timestamps()).containsExactly(1, 7);
        assertThat(merged.get(2).values()).containsExactly(1, 307);
    }

    @Test
    void takesFromEachSourceOnlyAsFarAsTheOutputHasGone() {
        AtomicInteger taken = new AtomicInteger();
        List<Series> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(series(0, Labels.of("__name__", "m", "i", String.format("%04d", i)), 1));
        }
        Iterator<Series> counted = new Iterator<>() {
            private final Iterator<Series> inner = many.iterator();

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public Series next() {
                taken.incrementAndGet();
                return inner.next();
            }
        };
        RowOrderMerge merge = new RowOrderMerge(List.of(counted, List.of(series(1, Z, 1)).iterator()));
        for (int i = 0; i < 10; i++) {
            merge.next();
        }
        assertThat(taken).hasValueLessThanOrEqualTo(11);
    }

    /** Values are source*100 + timestamp, so the source a sample came from shows. */
    private static Series series(int source, Labels labels, long... timestamps) {
        double[] values = new double[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            values[i] = source * 100 + timestamps[i];
        }
        return new Series(labels, timestamps, values);
    }
}
