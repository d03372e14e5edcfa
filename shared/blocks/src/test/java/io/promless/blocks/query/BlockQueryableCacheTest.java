package io.promless.blocks.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockSpec;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.CountingObjectStore;
import io.promless.blocks.EncodedBlock;
import io.promless.blocks.TestSeries;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a warm query function keeps: the index until it changes, and opened blocks up to a bound. */
class BlockQueryableCacheTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L / (2 * HOUR) * (2 * HOUR);
    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));

    private final CountingObjectStore objects = new CountingObjectStore(new InMemoryObjectStore());
    private final BlockIndex index = new BlockIndex(objects);
    private final BlockStore store = new BlockStore(objects);
    private final SettableClock clock = new SettableClock();

    @Test
    void theIndexIsReReadOnlyWhenItsGenerationChanges() {
        addBlock(0);
        BlockQueryable queryable = new BlockQueryable(index, store);
        assertThat(select(queryable, 0, 6)).hasSize(3);
        assertThat(select(queryable, 0, 6)).hasSize(3);
        assertThat(queryable.indexReads()).isEqualTo(1);
        assertThat(queryable.indexChecks()).isEqualTo(1);

        addBlock(1);
        assertThat(select(queryable, 0, 6)).hasSize(3).allSatisfy(series -> assertThat(series.size()).isEqualTo(2 * 480));
        assertThat(queryable.indexReads()).isEqualTo(2);
        assertThat(index.generation()).hasValue(2);
    }

    @Test
    void withACheckIntervalTheIndexIsNotAskedAboutUntilItPasses() {
        addBlock(0);
        BlockQueryable queryable = new BlockQueryable(index, store,
                BlockCacheOptions.defaults().withIndexCheckInterval(Duration.ofSeconds(30)), clock);
        select(queryable, 0, 6);
        addBlock(1);
        objects.reset();

        clock.advance(Duration.ofSeconds(29));
        assertThat(select(queryable, 0, 6)).allSatisfy(series -> assertThat(series.size()).isEqualTo(480));
        assertThat(queryable.indexChecks()).isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(select(queryable, 0, 6)).allSatisfy(series -> assertThat(series.size()).isEqualTo(2 * 480));
        assertThat(queryable.indexChecks()).isEqualTo(1);
        assertThat(queryable.indexReads()).isEqualTo(2);
    }

    @Test
    void openedBlocksAreKeptUpToTheBoundLeastRecentlyUsedFirstOut() {
        for (int window = 0; window < 3; window++) {
            addBlock(window);
        }
        BlockQueryable queryable = new BlockQueryable(index, store, 2);
        select(queryable, 0, 1);
        select(queryable, 2, 3);
        select(queryable, 0, 1);
        assertThat(queryable.blocksOpened()).isEqualTo(2);
        select(queryable, 4, 5); // evicts window 1, the least recently used
        select(queryable, 0, 1);
        assertThat(queryable.blocksOpened()).isEqualTo(3);
        assertThat(queryable.cachedBlocks()).isEqualTo(2);
        select(queryable, 2, 3);
        assertThat(queryable.blocksOpened()).isEqualTo(4);
    }

    @Test
    void aQueryReadsItsBlocksOnTheExecutorAndAnswersAsReadingThemInTurn() throws Exception {
        for (int window = 0; window < 3; window++) {
            addBlock(window);
        }
        addBlock(1);
        objects.delete(BlockStore.dataKey(index.blocks().get(3).id()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
            BlockQueryable concurrent = new BlockQueryable(index, store, BlockCacheOptions.defaults(), clock, task -> {
                tasks.incrementAndGet();
                pool.execute(task);
            });
            BlockQueryable sequential = new BlockQueryable(index, store);
            try (Querier one = concurrent.querier(START, START + 6 * HOUR - 1);
                    Querier other = sequential.querier(START, START + 6 * HOUR - 1)) {
                io.promless.blocks.BlockWriterReaderTest.assertSameSeries(one.select(ALL), other.select(ALL));
                assertThat(one.warnings()).isEqualTo(other.warnings()).singleElement().asString().contains("missing");
            }
            assertThat(tasks).hasValue(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIndexWithoutAGenerationIsReadWholeEveryTime() {
        addBlock(0);
        String withoutGeneration = new String(objects.get(BlockIndex.KEY).orElseThrow(), StandardCharsets.UTF_8)
                .replaceFirst("\"generation\":1,", "");
        objects.put(BlockIndex.KEY, withoutGeneration.getBytes(StandardCharsets.UTF_8));
        assertThat(index.generation()).isEmpty();
        BlockQueryable queryable = new BlockQueryable(index, store);
        assertThat(select(queryable, 0, 6)).hasSize(3);
        assertThat(select(queryable, 0, 6)).hasSize(3);
        assertThat(queryable.indexReads()).isEqualTo(2);
    }

    /** A 2 h block for window {@code window} (0-based from START), or a late-sample block if one exists. */
    private void addBlock(int window) {
        long minTime = START + window * 2 * HOUR;
        long maxTime = minTime + 2 * HOUR;
        boolean exists = index.blocks().stream().anyMatch(meta -> meta.minTime() == minTime);
        String id = exists ? BlockId.forLateSamples(1, minTime, maxTime, "abc") : BlockId.forWindow(1, minTime, maxTime);
        // A late block holds the other half of each 15 s step, so the series gain as many samples.
        long offset = exists ? 7_500 : 0;
        List<Series> series = TestSeries.generate(3, 1, minTime, maxTime, 15_000, 1).stream()
                .map(one -> shifted(one, minTime, offset)).toList();
        EncodedBlock block = new BlockWriter(BlockOptions.defaults())
                .write(new BlockSpec(id, minTime, maxTime, 1, List.of("test")), series);
        store.upload(block);
        index.add(block.meta());
    }

    private static Series shifted(Series series, long minTime, long offset) {
        long[] timestamps = new long[series.size()];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = minTime + i * 15_000L + offset;
        }
        return new Series(series.labels(), timestamps, series.values());
    }

    private static List<Series> select(BlockQueryable queryable, int fromHour, int toHour) {
        try (Querier querier = queryable.querier(START + fromHour * HOUR, START + toHour * HOUR - 1)) {
            return querier.select(ALL);
        }
    }

    private static final class SettableClock extends Clock {
        private Instant now = Instant.ofEpochMilli(START);

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
