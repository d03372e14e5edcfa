package io.promless.blocks.query;

import static io.promless.blocks.BlockWriterReaderTest.assertSameSeries;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.BlockWriterReaderTest;
import io.promless.blocks.ForeignParquetTest;
import io.promless.blocks.TestSeries;
import io.promless.blocks.compact.HeadCompactor;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One damaged block among three, the head holding the last window: the query answers from
 * everything else and carries a warning naming the damaged block and what is wrong with it.
 */
class UnreadableBlockTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L / (2 * HOUR) * (2 * HOUR);
    private static final long END = START + 8 * HOUR;
    private static final long COMPACTED_UNTIL = START + 6 * HOUR;
    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final BlockIndex index = new BlockIndex(objects);
    private final BlockStore store = new BlockStore(objects);
    private List<Series> data;
    private HeadQueryable recentHead;

    /** Damages one indexed block in place; returns the damaged block's id. */
    interface Damage {
        String apply(InMemoryObjectStore objects, BlockIndex index, BlockMeta victim);
    }

    static Stream<Arguments> damages() {
        return Stream.of(
                Arguments.of("data object deleted", (Damage) (objects, index, victim) -> {
                    objects.delete(BlockStore.dataKey(victim.id()));
                    return victim.id();
                }, "missing"),
                Arguments.of("data object truncated", (Damage) (objects, index, victim) -> {
                    byte[] data = objects.get(BlockStore.dataKey(victim.id())).orElseThrow();
                    objects.put(BlockStore.dataKey(victim.id()), Arrays.copyOf(data, data.length / 2));
                    return victim.id();
                }, "truncated"),
                Arguments.of("data object is not Parquet", (Damage) (objects, index, victim) -> {
                    byte[] garbage = new byte[(int) victim.dataBytes()];
                    new Random(5).nextBytes(garbage);
                    objects.put(BlockStore.dataKey(victim.id()), garbage);
                    return victim.id();
                }, "cannot read Parquet footer"),
                Arguments.of("column chunks damaged", (Damage) (objects, index, victim) -> {
                    byte[] data = objects.get(BlockStore.dataKey(victim.id())).orElseThrow();
                    for (int i = 4; i < data.length / 2; i++) {
                        data[i] ^= 0x5A;
                    }
                    objects.put(BlockStore.dataKey(victim.id()), data);
                    return victim.id();
                }, "cannot read rows"),
                Arguments.of("required column missing", (Damage) (objects, index, victim) -> {
                    byte[] foreign = foreignFile();
                    objects.put(BlockStore.dataKey(victim.id()), foreign);
                    index.add(withDataBytes(victim, foreign.length));
                    return victim.id();
                }, "missing column s_min_time"),
                Arguments.of("index entry without objects", (Damage) (objects, index, victim) -> {
                    BlockMeta ghost = new BlockMeta(victim.id() + ".0abc", victim.minTime(), victim.maxTime(), 1, 1, 1, 1234,
                            List.of("__name__"), 1, List.of("nowhere"));
                    index.add(ghost);
                    return ghost.id();
                }, "missing"));
    }

    @BeforeEach
    void compactThreeWindows() {
        data = TestSeries.generate(6, 5, START, END, 15_000, 11);
        InMemoryHeadStore full = new InMemoryHeadStore();
        new SegmentHeadWriter(full).write("batch-1", data);
        InMemoryHeadStore recent = new InMemoryHeadStore();
        new SegmentHeadWriter(recent).write("batch-1", BlockWriterReaderTest.trim(data, COMPACTED_UNTIL, END));
        recentHead = new HeadQueryable(recent);
        HeadCompactor compactor = new HeadCompactor(new HeadQueryable(full), store, index,
                new BlockWriter(new BlockOptions(HOUR, 7, CompressionCodecName.ZSTD)));
        for (long window = START; window < COMPACTED_UNTIL; window += 2 * HOUR) {
            compactor.compact(window, window + 2 * HOUR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void theRestStaysQueryableAndTheWarningNamesTheBlock(String what, Damage damage, String problem) {
        BlockMeta victim = index.blocks().get(1);
        String damaged = damage.apply(objects, index, victim);
        BlockQueryable blocks = new BlockQueryable(index, store);
        Queryable merged = MergedQueryable.of(blocks, recentHead);

        List<Series> expected = new ArrayList<>(BlockWriterReaderTest.trim(data, START, victim.minTime() - 1));
        expected = merge(expected, BlockWriterReaderTest.trim(data, victim.maxTime(), END - 1));
        if (damaged.equals(victim.id())) {
            try (Querier querier = merged.querier(START, END - 1)) {
                assertSameSeries(querier.select(ALL), expected);
                assertThat(querier.warnings()).singleElement().asString()
                        .contains("block " + damaged).contains(problem);
            }
        } else {
            // A ghost entry beside a sound block: everything is there, and the ghost is named.
            try (Querier querier = merged.querier(START, END - 1)) {
                assertSameSeries(querier.select(ALL), BlockWriterReaderTest.trim(data, START, END - 1));
                assertThat(querier.warnings()).singleElement().asString()
                        .contains("block " + damaged).contains(problem);
            }
        }
        assertThat(blocks.blocksFailed()).isEqualTo(1);

        // Queries whose window misses the damaged block see no warning at all.
        try (Querier querier = merged.querier(START, victim.minTime() - 1)) {
            assertSameSeries(querier.select(ALL), BlockWriterReaderTest.trim(data, START, victim.minTime() - 1));
            assertThat(querier.warnings()).isEmpty();
        }
    }

    private static List<Series> merge(List<Series> first, List<Series> second) {
        SeriesMerger merger = new SeriesMerger();
        merger.add(first);
        merger.add(second);
        return merger.merged();
    }

    private static BlockMeta withDataBytes(BlockMeta meta, long dataBytes) {
        return new BlockMeta(meta.id(), meta.minTime(), meta.maxTime(), meta.seriesCount(), meta.sampleCount(),
                meta.chunkCount(), dataBytes, meta.labelNames(), meta.level(), meta.sources());
    }

    private static byte[] foreignFile() {
        try {
            return ForeignParquetTest.write(MessageTypeParser.parseMessageType(
                    "message m { optional binary l___name__ (STRING); required int64 s_max_time; }"),
                    Map.of("minT", "0", "maxT", "7200000", "data_col_duration_ms", "3600000"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
