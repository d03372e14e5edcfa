package io.promless.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadSummaryTest {
    private static final long T = 1_700_000_000_000L;

    @Test
    void listsEverySeriesAndTheTimeTheSamplesSpan() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        Labels up = Labels.of("__name__", "up", "job", "node");
        Labels requests = Labels.of("__name__", "http_requests_total", "code", "200");
        new SegmentHeadWriter(store, HeadOptions.defaults()).write("msg", List.of(
                new Series(up, new long[] {T, T + 15_000}, new double[] {1, 1}),
                new Series(requests, new long[] {T + 5_000}, new double[] {7})));

        HeadSummary summary = HeadSummary.of(store, HeadOptions.defaults());

        assertThat(summary.series()).containsExactlyInAnyOrder(up, requests);
        assertThat(summary.chunks()).isPositive();
        assertThat(summary.minTime()).isLessThanOrEqualTo(T);
        assertThat(summary.maxTime()).isGreaterThanOrEqualTo(T + 15_000);
    }

    @Test
    void anEmptyHeadHasNoChunksAndNoTimeSpan() {
        assertThat(HeadSummary.of(new InMemoryHeadStore(), HeadOptions.defaults()))
                .isEqualTo(new HeadSummary(0, 0, 0, List.of()));
    }
}
