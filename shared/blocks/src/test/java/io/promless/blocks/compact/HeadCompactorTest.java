package io.promless.blocks.compact;

import static io.promless.blocks.BlockWriterReaderTest.assertSameSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.BlockWriterReaderTest;
import io.promless.blocks.TestSeries;
import io.promless.blocks.query.BlockQueryable;
import io.promless.blocks.query.MergedQueryable;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.local.objects.FileObjectStore;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadCompactorTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L / (2 * HOUR) * (2 * HOUR);
    private static final long END = START + 2 * HOUR;
    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));

    @TempDir
    static Path tempDir;

    private HeadQueryable head;
    private SegmentHeadWriter headWriter;
    private List<Series> window;

    @BeforeEach
    void fillHead() {
        // Samples before, inside and after the window: only the window's may end up in the block.
        List<Series> data = TestSeries.generate(4, 6, START - HOUR, END + HOUR, 15_000, 21);
        InMemoryHeadStore store = new InMemoryHeadStore();
        headWriter = new SegmentHeadWriter(store);
        headWriter.write("batch-1", data);
        head = new HeadQueryable(store);
        window = BlockWriterReaderTest.trim(BlockWriterReaderTest.sortedByRowOrder(data), START, END - 1);
    }

    static Stream<Arguments> stores() {
        return Stream.of(
                Arguments.of("memory", (Function<String, ObjectStore>) name -> new InMemoryObjectStore()),
                Arguments.of("files", (Function<String, ObjectStore>) name -> new FileObjectStore(tempDir.resolve(name))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void writesOneBlockHoldingExactlyTheWindow(String name, Function<String, ObjectStore> stores) {
        ObjectStore objects = stores.apply(name + "-once");
        CompactionResult result = compactor(objects).compact(START, END);

        assertThat(result.outcome()).isEqualTo(CompactionResult.Outcome.WRITTEN);
        assertThat(result.sampleCount()).isEqualTo(window.stream().mapToLong(Series::size).sum());
        List<BlockMeta> indexed = new BlockIndex(objects).blocks();
        assertThat(indexed).singleElement().satisfies(meta -> {
            assertThat(meta.minTime()).isEqualTo(START);
            assertThat(meta.maxTime()).isEqualTo(END);
            assertThat(meta.level()).isEqualTo(1);
            assertThat(meta.seriesCount()).isEqualTo(24);
        });
        assertThat(new BlockStore(objects).meta(result.blockId())).contains(indexed.get(0));
        assertSameSeries(select(new BlockQueryable(new BlockIndex(objects), new BlockStore(objects)), START - HOUR, END + HOUR), window);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void runningTwiceYieldsOneBlock(String name, Function<String, ObjectStore> stores) {
        ObjectStore objects = stores.apply(name + "-twice");
        HeadCompactor compactor = compactor(objects);
        CompactionResult first = compactor.compact(START, END);
        List<String> keysAfterFirst = objects.list(BlockStore.PREFIX);

        CompactionResult second = compactor.compact(START, END);

        assertThat(second.outcome()).isEqualTo(CompactionResult.Outcome.ALREADY_INDEXED);
        assertThat(second.blockId()).isEqualTo(first.blockId());
        assertThat(objects.list(BlockStore.PREFIX)).isEqualTo(keysAfterFirst).hasSize(3);
        assertThat(new BlockIndex(objects).blocks()).hasSize(1);
        assertThat(compactor.blocksWritten()).isEqualTo(1);
    }

    /** Puts are: 0 data.parquet, 1 meta.json, 2 index.json; a crash before or after each. */
    static Stream<Arguments> crashes() {
        List<Arguments> cases = new ArrayList<>();
        for (int put = 0; put < 3; put++) {
            for (boolean afterWrite : new boolean[] {false, true}) {
                cases.add(Arguments.of(put, afterWrite));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "crash at put {0}, after write: {1}")
    @MethodSource("crashes")
    void aCrashAtAnyStepLeavesQueriesCorrectAndARerunYieldsOneCorrectBlock(int crashAtPut, boolean afterWrite) {
        InMemoryObjectStore objects = new InMemoryObjectStore();
        HeadCompactor crashing = compactor(new KillableObjectStore(objects, crashAtPut, afterWrite));
        assertThatThrownBy(() -> crashing.compact(START, END)).isInstanceOf(KillableObjectStore.Killed.class);

        // Between the crash and the rerun, blocks+head still answer exactly like the head.
        Queryable merged = MergedQueryable.of(new BlockQueryable(new BlockIndex(objects), new BlockStore(objects)), head);
        assertSameSeries(select(merged, START - HOUR, END + HOUR), select(head, START - HOUR, END + HOUR));

        CompactionResult rerun = compactor(objects).compact(START, END);

        boolean indexWritten = crashAtPut == 2 && afterWrite;
        assertThat(rerun.outcome()).isEqualTo(indexWritten
                ? CompactionResult.Outcome.ALREADY_INDEXED : CompactionResult.Outcome.WRITTEN);
        assertThat(new BlockIndex(objects).blocks()).hasSize(1);
        assertThat(objects.list(BlockStore.PREFIX)).hasSize(3);
        assertSameSeries(select(new BlockQueryable(new BlockIndex(objects), new BlockStore(objects)), START, END), window);
        assertSameSeries(select(merged, START - HOUR, END + HOUR), select(head, START - HOUR, END + HOUR));
    }

    @Test
    void lateSamplesGoIntoAnExtraBlockAndEndUpQueryableFromBlocksAlone() {
        InMemoryObjectStore objects = new InMemoryObjectStore();
        HeadCompactor compactor = compactor(objects);
        CompactionResult first = compactor.compact(START, END);
        Labels existing = window.get(0).labels();
        Labels brandNew = Labels.of("__name__", "late_metric", "job", "x");
        headWriter.write("late-batch", List.of(
                new Series(existing, new long[] {START + 7, START + 1_000_007}, new double[] {1.5, 2.5}),
                new Series(brandNew, new long[] {END - 1}, new double[] {3}),
                window.get(1)));

        CompactionResult late = compactor.compact(START, END);

        assertThat(late.outcome()).isEqualTo(CompactionResult.Outcome.WRITTEN);
        assertThat(late.blockId()).startsWith(first.blockId() + ".");
        assertThat(late.sampleCount()).isEqualTo(3);
        assertThat(compactor.lateSamples()).isEqualTo(3);
        assertThat(new BlockIndex(objects).blocks()).hasSize(2);
        Queryable blocks = new BlockQueryable(new BlockIndex(objects), new BlockStore(objects));
        assertSameSeries(select(blocks, START, END - 1), select(head, START, END - 1));
        assertThat(compactor.compact(START, END).outcome()).isEqualTo(CompactionResult.Outcome.ALREADY_INDEXED);
        assertThat(new BlockIndex(objects).blocks()).hasSize(2);
    }

    @Test
    void anEmptyWindowWritesNothing() {
        InMemoryObjectStore objects = new InMemoryObjectStore();
        CompactionResult result = compactor(objects).compact(END + 10 * HOUR, END + 12 * HOUR);
        assertThat(result.outcome()).isEqualTo(CompactionResult.Outcome.EMPTY);
        assertThat(objects.list("")).isEmpty();
    }

    @Test
    void rejectsAnInvertedWindow() {
        assertThatThrownBy(() -> compactor(new InMemoryObjectStore()).compact(END, START))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private HeadCompactor compactor(ObjectStore objects) {
        return new HeadCompactor(head, new BlockStore(objects), new BlockIndex(objects),
                new BlockWriter(BlockOptions.defaults()));
    }

    private static List<Series> select(Queryable queryable, long minTime, long maxTime) {
        try (Querier querier = queryable.querier(minTime, maxTime)) {
            return querier.select(ALL);
        }
    }
}
