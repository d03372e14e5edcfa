package io.promless.blocks.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockSpec;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.EncodedBlock;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockRetentionTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long T0 = 1_700_000_000_000L / DAY * DAY;

    private final InMemoryObjectStore objects = new InMemoryObjectStore();

    @BeforeEach
    void indexFourDailyBlocks() {
        BlockWriter writer = new BlockWriter(BlockOptions.defaults());
        for (int day = 0; day < 4; day++) {
            long start = T0 + day * DAY;
            EncodedBlock block = writer.write(new BlockSpec(BlockId.forWindow(3, start, start + DAY), start, start + DAY, 3,
                    List.of()), List.of(new Series(Labels.of("__name__", "up"), new long[] {start}, new double[] {1})));
            new BlockStore(objects).upload(block);
            new BlockIndex(objects).add(block.meta());
        }
    }

    static Stream<Arguments> retentions() {
        // now = end of the last block; a block goes once its maxTime is at least the retention ago.
        long now = T0 + 4 * DAY;
        return Stream.of(
                Arguments.of(now, Duration.ofDays(10), 4),
                Arguments.of(now, Duration.ofDays(4), 4),
                Arguments.of(now, Duration.ofDays(3), 3),
                Arguments.of(now + 1, Duration.ofDays(3), 3),
                Arguments.of(now, Duration.ofHours(1), 1));
    }

    @ParameterizedTest
    @MethodSource("retentions")
    void deletesBlocksOlderThanTheRetention(long now, Duration retention, int kept) {
        List<String> deleted = new BlockRetention(objects).apply(now, retention);

        assertThat(new BlockIndex(objects).blocks()).hasSize(kept);
        assertThat(deleted).hasSize(4 - kept);
        assertThat(objects.list(BlockStore.PREFIX)).hasSize(kept * 2 + 1);
        assertThat(new BlockIndex(objects).blocks()).extracting(BlockMeta::maxTime)
                .allSatisfy(maxTime -> assertThat(maxTime).isGreaterThan(now - retention.toMillis()));
    }

    static Stream<Arguments> crashes() {
        return IntStream.range(0, 5).boxed().flatMap(write -> Stream.of(Arguments.of(write, false), Arguments.of(write, true)));
    }

    @ParameterizedTest(name = "crash at write {0}, after write: {1}")
    @MethodSource("crashes")
    void aRerunAfterACrashDeletesWhatIsLeft(int crashAtWrite, boolean afterWrite) {
        long now = T0 + 4 * DAY;
        assertThatThrownBy(() -> new BlockRetention(new KillableObjectStore(objects, crashAtWrite, afterWrite))
                .apply(now, Duration.ofDays(2))).isInstanceOf(KillableObjectStore.Killed.class);

        new BlockRetention(objects).apply(now, Duration.ofDays(2));

        assertThat(new BlockIndex(objects).blocks()).hasSize(2);
        assertThat(objects.list(BlockStore.PREFIX)).hasSize(5);
    }

    @Test
    void rejectsANonPositiveRetention() {
        assertThatThrownBy(() -> new BlockRetention(objects).apply(T0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
