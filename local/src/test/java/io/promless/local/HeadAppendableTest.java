package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.StaleMarker;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Appender;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadAppendableTest {
    private final InMemoryHeadStore head = new InMemoryHeadStore();
    private final HeadAppendable appendable = new HeadAppendable(new SegmentHeadWriter(head));
    private final HeadQueryable queryable = new HeadQueryable(head);

    private List<Series> select(String metric) {
        try (Querier querier = queryable.querier(0, 10_000_000)) {
            return querier.select(List.of(LabelMatcher.equal("__name__", metric)));
        }
    }

    @Test
    void committedRuleOutputIsReadableAtOnceAndRollbackDropsIt() {
        Appender appender = appendable.appender();
        appender.append(Labels.of("__name__", "job:up:sum", "job", "a"), 2_000_000, 1);
        appender.append(Labels.of("__name__", "job:up:sum", "job", "a"), 1_000_000, 2);
        appender.commit();
        Appender staleMarker = appendable.appender();
        staleMarker.append(Labels.of("__name__", "job:up:sum", "job", "a"), 3_000_000, StaleMarker.VALUE);
        staleMarker.commit();
        Appender dropped = appendable.appender();
        dropped.append(Labels.of("__name__", "dropped"), 1_000_000, 1);
        dropped.rollback();

        List<Series> recorded = select("job:up:sum");
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).timestamps()).containsExactly(1_000_000L, 2_000_000L, 3_000_000L);
        assertThat(recorded.get(0).values()[0]).isEqualTo(2.0);
        assertThat(StaleMarker.isStale(recorded.get(0).values()[2])).isTrue();
        assertThat(select("dropped")).isEmpty();
    }
}
