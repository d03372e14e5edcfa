package io.promless.blocks.compact;

import static io.promless.blocks.BlockWriterReaderTest.assertSameSeries;
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
import io.promless.blocks.TestSeries;
import io.promless.blocks.query.BlockQueryable;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.ports.ObjectStore;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LevelCompactorTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L / (12 * HOUR) * (12 * HOUR);
    private static final long END = START + 12 * HOUR;
    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private HeadQueryable head;

    @BeforeEach
    void compactSixWindows() {
        // One window in the middle has no samples: the merge must not need every window.
        List<Series> data = TestSeries.generate(3, 4, START, END + 2 * HOUR, 60_000, 31);
        InMemoryHeadStore store = new InMemoryHeadStore();
        new SegmentHeadWriter(store).write("batch", io.promless.blocks.BlockWriterReaderTest.trim(data, START, START + 6 * HOUR - 1));
        new SegmentHeadWriter(store).write("batch-2", io.promless.blocks.BlockWriterReaderTest.trim(data, START + 8 * HOUR, END + 2 * HOUR));
        head = new HeadQueryable(store);
        HeadCompactor compactor = new HeadCompactor(head, new BlockStore(objects), new BlockIndex(objects), writer());
        for (long window = START; window < END + 2 * HOUR; window += 2 * HOUR) {
            compactor.compact(window, window + 2 * HOUR);
        }
        assertThat(new BlockIndex(objects).blocks()).hasSize(6);
    }

    @Test
    void mergesTheBlocksInsideTheWindowIntoOneAndRemovesThem() {
        List<Series> before = select(blocks(objects), START - HOUR, END + 3 * HOUR);
        CompactionResult result = compactor(objects).compact(START, END, 2);

        assertThat(result.outcome()).isEqualTo(CompactionResult.Outcome.WRITTEN);
        List<BlockMeta> indexed = new BlockIndex(objects).blocks();
        assertThat(indexed).extracting(BlockMeta::level).containsExactly(2, 1);
        assertThat(indexed.get(0).sources()).hasSize(5);
        assertThat(indexed.get(1).minTime()).isEqualTo(END);
        assertThat(objects.list(BlockStore.PREFIX)).hasSize(5);
        assertSameSeries(select(blocks(objects), START - HOUR, END + 3 * HOUR), before);
        assertSameSeries(select(blocks(objects), START - HOUR, END + 3 * HOUR), select(head, START - HOUR, END + 3 * HOUR));
    }

    @Test
    void overlappingSourcesMergeRowByRowWithTheEarlierBlockWinningDuplicates() {
        // A late-sample block in the first window: an existing series with one repeated timestamp
        // (another value) and new ones, and a series with a label no other block has.
        Labels existing = select(blocks(objects), START, START + 2 * HOUR - 1).get(0).labels();
        long repeated = select(blocks(objects), START, START + 2 * HOUR - 1).get(0).timestamps()[3];
        Labels novel = Labels.of("__name__", "late_metric", "zone", "eu");
        EncodedBlock late = writer().write(new BlockSpec(BlockId.forLateSamples(1, START, START + 2 * HOUR, "abc"),
                START, START + 2 * HOUR, 1, List.of("test")), List.of(
                new Series(existing, new long[] {repeated, repeated + 1}, new double[] {-1, -2}),
                new Series(novel, new long[] {START + 5}, new double[] {42})));
        new BlockStore(objects).upload(late);
        new BlockIndex(objects).add(late.meta());
        List<Series> before = select(blocks(objects), START - HOUR, END + 3 * HOUR);

        CompactionResult result = compactor(objects).compact(START, END, 2);

        assertThat(result.outcome()).isEqualTo(CompactionResult.Outcome.WRITTEN);
        assertThat(new BlockIndex(objects).blocks().get(0).sources()).hasSize(6);
        assertThat(new BlockIndex(objects).blocks().get(0).labelNames()).contains("zone");
        List<Series> after = select(blocks(objects), START - HOUR, END + 3 * HOUR);
        assertSameSeries(after, before);
        Series merged = after.stream().filter(series -> series.labels().equals(existing)).findFirst().orElseThrow();
        int at = java.util.Arrays.binarySearch(merged.timestamps(), repeated);
        assertThat(merged.values()[at]).isNotEqualTo(-1);
        assertThat(merged.timestamps()[at + 1]).isEqualTo(repeated + 1);
    }

    @Test
    void aDamagedSourceFailsTheMergeNamingItAndNoSourceIsLost() {
        BlockMeta damaged = new BlockIndex(objects).blocks().get(2);
        byte[] data = objects.get(BlockStore.dataKey(damaged.id())).orElseThrow();
        objects.put(BlockStore.dataKey(damaged.id()), java.util.Arrays.copyOf(data, data.length - 100));
        List<String> keys = objects.list(BlockStore.PREFIX);

        assertThatThrownBy(() -> compactor(objects).compact(START, END, 2))
                .isInstanceOf(io.promless.errors.PromlessException.class)
                .hasMessageContaining("block " + damaged.id());

        assertThat(new BlockIndex(objects).blocks()).hasSize(6);
        assertThat(objects.list(BlockStore.PREFIX)).isEqualTo(keys);
    }

    @Test
    void runningTwiceYieldsOneMergedBlock() {
        compactor(objects).compact(START, END, 2);
        List<String> keys = objects.list(BlockStore.PREFIX);
        assertThat(compactor(objects).compact(START, END, 2).outcome()).isEqualTo(CompactionResult.Outcome.ALREADY_INDEXED);
        assertThat(objects.list(BlockStore.PREFIX)).isEqualTo(keys);
    }

    /** Writes: 0 data, 1 meta, 2 index swap, 3.. deletes of the five sources (meta then data each). */
    static Stream<Arguments> crashes() {
        return IntStream.range(0, 13).boxed()
                .flatMap(write -> Stream.of(Arguments.of(write, false), Arguments.of(write, true)));
    }

    @ParameterizedTest(name = "crash at write {0}, after write: {1}")
    @MethodSource("crashes")
    void aCrashAtAnyStepLeavesQueriesCorrectAndARerunFinishesTheMerge(int crashAtWrite, boolean afterWrite) {
        List<Series> expected = select(head, START - HOUR, END + 3 * HOUR);
        KillableObjectStore crashing = new KillableObjectStore(objects, crashAtWrite, afterWrite);
        assertThatThrownBy(() -> compactor(crashing).compact(START, END, 2)).isInstanceOf(KillableObjectStore.Killed.class);
        assertSameSeries(select(blocks(objects), START - HOUR, END + 3 * HOUR), expected);

        compactor(objects).compact(START, END, 2);

        assertThat(new BlockIndex(objects).blocks()).extracting(BlockMeta::level).containsExactly(2, 1);
        assertThat(objects.list(BlockStore.PREFIX)).hasSize(5);
        assertSameSeries(select(blocks(objects), START - HOUR, END + 3 * HOUR), expected);
    }

    @Test
    void aWindowWithoutBlocksWritesNothingAndLevelsBelowTwoAreRejected() {
        assertThat(compactor(objects).compact(END + 24 * HOUR, END + 36 * HOUR, 2).outcome())
                .isEqualTo(CompactionResult.Outcome.EMPTY);
        assertThatThrownBy(() -> compactor(objects).compact(START, END, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BlockWriter writer() {
        return new BlockWriter(BlockOptions.defaults());
    }

    private static LevelCompactor compactor(ObjectStore objects) {
        return new LevelCompactor(new BlockStore(objects), new BlockIndex(objects), writer());
    }

    private static Queryable blocks(ObjectStore objects) {
        return new BlockQueryable(new BlockIndex(objects), new BlockStore(objects), 0);
    }

    private static List<Series> select(Queryable queryable, long minTime, long maxTime) {
        try (Querier querier = queryable.querier(minTime, maxTime)) {
            return querier.select(ALL);
        }
    }
}
