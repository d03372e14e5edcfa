package io.promless.blocks.query;

import static io.promless.blocks.BlockWriterReaderTest.assertSameSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.BlockWriterReaderTest;
import io.promless.blocks.TestSeries;
import io.promless.blocks.compact.HeadCompactor;
import io.promless.errors.PromlessException;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergedQueryableTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L / (2 * HOUR) * (2 * HOUR);
    private static final long END = START + 8 * HOUR;
    private static final long COMPACTED_UNTIL = START + 6 * HOUR;

    private final InMemoryObjectStore objects = new InMemoryObjectStore();
    private final BlockIndex index = new BlockIndex(objects);
    private final BlockStore store = new BlockStore(objects);
    private List<Series> data;
    private HeadQueryable fullHead;
    private HeadQueryable recentHead;
    private BlockQueryable blocks;

    @BeforeEach
    void compactThreeWindows() {
        data = TestSeries.generate(6, 5, START, END, 15_000, 11);
        InMemoryHeadStore full = new InMemoryHeadStore();
        new SegmentHeadWriter(full).write("batch-1", data);
        fullHead = new HeadQueryable(full);
        // The head after its compacted items expired: only the last, uncompacted window.
        InMemoryHeadStore recent = new InMemoryHeadStore();
        new SegmentHeadWriter(recent).write("batch-1", BlockWriterReaderTest.trim(data, COMPACTED_UNTIL, END));
        recentHead = new HeadQueryable(recent);

        HeadCompactor compactor = new HeadCompactor(fullHead, store, index, new BlockWriter(
                new BlockOptions(HOUR, 7, org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD)));
        for (long window = START; window < COMPACTED_UNTIL; window += 2 * HOUR) {
            compactor.compact(window, window + 2 * HOUR);
        }
        blocks = new BlockQueryable(index, store);
    }

    static Stream<Arguments> queries() {
        List<LabelMatcher> all = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));
        List<LabelMatcher> oneMetric = List.of(LabelMatcher.equal("__name__", "metric_c2"));
        List<LabelMatcher> byJob = List.of(LabelMatcher.equal("job", "api"), LabelMatcher.of(MatchType.NOT_REGEX, "instance", "host-[02]"));
        return Stream.of(
                Arguments.of(START, END - 1, all),
                Arguments.of(START + HOUR + 7, START + 3 * HOUR - 1, oneMetric),
                Arguments.of(COMPACTED_UNTIL - HOUR, COMPACTED_UNTIL + HOUR, byJob),
                Arguments.of(START - HOUR, START + 10 * 60_000, all),
                Arguments.of(COMPACTED_UNTIL - 20_000, COMPACTED_UNTIL + 20_000, all),
                Arguments.of(END - 60_000, END + HOUR, oneMetric));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void blocksPlusHeadEqualTheHeadAlone(long minTime, long maxTime, List<LabelMatcher> matchers) {
        List<Series> expected = select(fullHead, minTime, maxTime, matchers);
        assertThat(expected).isNotEmpty();

        assertSameSeries(select(MergedQueryable.of(blocks, fullHead), minTime, maxTime, matchers), expected);
        assertSameSeries(select(MergedQueryable.of(blocks, recentHead), minTime, maxTime, matchers), expected);
        assertSameSeries(select(MergedQueryable.of(recentHead, blocks), minTime, maxTime, matchers), expected);
    }

    @ParameterizedTest
    @MethodSource("queries")
    void labelQueriesAgreeWithTheHeadAlone(long minTime, long maxTime, List<LabelMatcher> matchers) {
        Queryable merged = MergedQueryable.of(blocks, recentHead);
        try (Querier expected = fullHead.querier(minTime, maxTime); Querier actual = merged.querier(minTime, maxTime)) {
            assertThat(actual.series(matchers)).isEqualTo(expected.series(matchers));
            assertThat(actual.labelNames(matchers)).isEqualTo(expected.labelNames(matchers));
            assertThat(actual.labelValues("instance", matchers)).isEqualTo(expected.labelValues("instance", matchers));
        }
    }

    @Test
    void blocksAloneHoldTheCompactedWindows() {
        List<LabelMatcher> all = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));
        assertSameSeries(select(blocks, START, COMPACTED_UNTIL - 1, all), select(fullHead, START, COMPACTED_UNTIL - 1, all));
        assertThat(select(blocks, COMPACTED_UNTIL, END, all)).isEmpty();
        assertThat(index.blocks()).hasSize(3);
    }

    @Test
    void readsOnlyTheBlocksOverlappingTheWindowAndCachesThem() {
        List<LabelMatcher> all = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));
        select(blocks, START + 10, START + 20, all);
        assertThat(blocks.blocksOpened()).isEqualTo(1);
        select(blocks, START + 10, START + 3 * HOUR, all);
        assertThat(blocks.blocksOpened()).isEqualTo(2);
    }

    @Test
    void selectRejectsMatchersThatAllMatchEmpty() {
        try (Querier querier = blocks.querier(START, END)) {
            assertThatThrownBy(() -> querier.select(List.of(LabelMatcher.of(MatchType.REGEX, "job", ".*"))))
                    .isInstanceOf(PromlessException.class).hasMessageContaining("non-empty matcher");
        }
    }

    private static List<Series> select(Queryable queryable, long minTime, long maxTime, List<LabelMatcher> matchers) {
        try (Querier querier = queryable.querier(minTime, maxTime)) {
            return querier.select(matchers);
        }
    }
}
