package io.promless.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.compact.CompactionService;
import io.promless.blocks.compact.CompactionSettings;
import io.promless.errors.PromlessException;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;

class CompactionFunctionTest {
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_767_225_600_000L;

    private final InMemoryHeadStore head = new InMemoryHeadStore();
    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final CompactionFunction function = new CompactionFunction(
            new CompactionService(new HeadQueryable(head), objects, new BlockWriter(BlockOptions.defaults()),
                    CompactionSettings.defaults()),
            Clock.fixed(Instant.ofEpochMilli(T0 + 5 * HOUR), ZoneOffset.UTC));

    CompactionFunctionTest() {
        new SegmentHeadWriter(head).write("batch", List.of(new Series(Labels.of("__name__", "up", "job", "node"),
                new long[] {T0 + 1_000, T0 + HOUR, T0 + 2 * HOUR + 5}, new double[] {1, 1, 0})));
    }

    @Test
    void compactsTheWindowsClosedAtTheEventsTime() {
        ScheduledEvent event = new ScheduledEvent();
        event.setTime(new DateTime(T0 + 3 * HOUR));

        Map<String, Object> summary = function.handleRequest(event, null);

        assertThat(summary).containsEntry("timeMillis", T0 + 3 * HOUR).containsEntry("blocksWritten", 1L)
                .containsEntry("samplesCompacted", 2L).containsEntry("failures", List.of());
        assertThat(new BlockIndex(objects).blocks()).singleElement()
                .satisfies(meta -> assertThat(meta.maxTime()).isEqualTo(T0 + 2 * HOUR));
    }

    @Test
    void anEventWithoutATimeUsesTheClock() {
        Map<String, Object> summary = function.handleRequest(new ScheduledEvent(), null);
        assertThat(summary).containsEntry("timeMillis", T0 + 5 * HOUR).containsEntry("samplesCompacted", 3L);
    }

    @Test
    void aRunWithFailedStepsFailsTheInvocationNamingThem() {
        objects.put(BlockIndex.KEY, "not json".getBytes());
        assertThatThrownBy(() -> function.handleRequest(new ScheduledEvent(), null))
                .isInstanceOf(PromlessException.class)
                .hasMessageContaining("failed steps")
                .hasMessageContaining("block index " + BlockIndex.KEY + " is unreadable");
        assertThat(objects.list(BlockStore.PREFIX)).containsExactly(BlockIndex.KEY);
    }
}
