package io.promless.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SegmentHeadWriterTest {
    /** These cases check the layout one metric per partition; grouping has its own cases. */
    private static final HeadOptions PER_METRIC = HeadOptions.defaults().withMetricGroups(0);

    private static final long BUCKET = 1_764_115_200_000L; // a 2 h boundary
    private static final long T = BUCKET + 123_456;

    @Test
    void writingTheSameBatchAgainLeavesIdenticalKeysAndBytes() {
        List<Series> batch = scrape(T, 50);
        InMemoryHeadStore store = new InMemoryHeadStore();
        new SegmentHeadWriter(store, PER_METRIC).write("msg-1", batch);
        Map<String, String> first = snapshot(store);

        SegmentHeadWriter warm = new SegmentHeadWriter(store, PER_METRIC);
        warm.write("msg-1", batch);
        warm.write("msg-1", batch);
        assertThat(snapshot(store)).isEqualTo(first);

        InMemoryHeadStore elsewhere = new InMemoryHeadStore();
        new SegmentHeadWriter(elsewhere, PER_METRIC).write("msg-1", reversed(batch));
        assertThat(snapshot(elsewhere)).isEqualTo(first);
    }

    @Test
    void segmentsAreKeyedByMetricBucketShardAndBatch() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        HeadOptions options = PER_METRIC.withShardCount(3).withSeriesPerShard(10);
        new SegmentHeadWriter(store, options).write("msg-7", scrape(T, 60));
        List<Segment> segments = store.segments("requests_total", Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(segments).isNotEmpty().allSatisfy(segment -> {
            assertThat(segment.key().bucketStart()).isEqualTo(BUCKET);
            assertThat(segment.key().shard()).isBetween(0, 2);
            assertThat(segment.expiresAtEpochSecond())
                    .isEqualTo((BUCKET + options.bucketMillis()) / 1000 + options.retentionSeconds());
        });
        assertThat(segments).filteredOn(s -> !SeriesDictionary.isDictionary(s.data()))
                .extracting(s -> s.key().id()).containsOnly("b.msg-7");
        assertThat(segments).filteredOn(s -> !SeriesDictionary.isDictionary(s.data()))
                .extracting(s -> s.key().shard()).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void aSmallMetricStaysInOneShard() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        new SegmentHeadWriter(store, PER_METRIC.withShardCount(8)).write("msg", scrape(T, 100));
        assertThat(store.segments("requests_total", Long.MIN_VALUE, Long.MAX_VALUE))
                .filteredOn(s -> !SeriesDictionary.isDictionary(s.data()))
                .singleElement().satisfies(segment -> assertThat(segment.key().shard()).isZero());
    }

    @Test
    void samplesOfOneSeriesSpanningTwoBucketsLandInTwoSegments() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        Labels labels = Labels.of("__name__", "up", "job", "a");
        long nextBucket = BUCKET + HeadOptions.DEFAULT_BUCKET_MILLIS;
        new SegmentHeadWriter(store, PER_METRIC).write("msg", List.of(new Series(labels, new long[] {nextBucket - 1, nextBucket}, new double[] {1, 2})));
        assertThat(store.segments("up", Long.MIN_VALUE, Long.MAX_VALUE)).extracting(s -> s.key().bucketStart())
                .containsExactlyInAnyOrder(BUCKET, nextBucket);
    }

    @Test
    void aSeriesListedTwiceInOneBatchIsJoinedInArrivalOrder() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        Labels labels = Labels.of("__name__", "up", "job", "a");
        List<Series> batch = new ArrayList<>(scrape(T, 20));
        batch.add(new Series(labels, new long[] {T, T + 60_000}, new double[] {1, 2}));
        batch.add(new Series(Labels.of("__name__", "up", "job", "b"), new long[] {T}, new double[] {7}));
        batch.add(new Series(labels, new long[] {T + 60_000, T + 120_000}, new double[] {9, 3})); // T + 60 s again: first wins
        new SegmentHeadWriter(store, PER_METRIC).write("msg", batch);

        try (io.promless.storage.Querier querier = new HeadQueryable(store, PER_METRIC).querier(T, T + 180_000)) {
            List<Series> up = querier.select(List.of(io.promless.model.labels.LabelMatcher.of(
                    io.promless.model.labels.MatchType.EQUAL, "__name__", "up")));
            assertThat(up).extracting(Series::labels).containsExactly(labels, Labels.of("__name__", "up", "job", "b"));
            assertThat(up.get(0).timestamps()).containsExactly(T, T + 60_000, T + 120_000);
            assertThat(up.get(0).values()).containsExactly(1, 2, 3);
        }
        assertThat(store.seriesOf("up")).hasSize(2);
    }

    @Test
    void expiryComesFromTheSamplesNotTheClock() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        HeadOptions options = PER_METRIC.withRetention(java.time.Duration.ofHours(1));
        long ancient = 7_200_000L * 3 + 5;
        new SegmentHeadWriter(store, options).write("old", List.of(new Series(Labels.of("__name__", "up"), new long[] {ancient}, new double[] {1})));
        assertThat(store.segments("up", 0, Long.MAX_VALUE)).singleElement()
                .satisfies(segment -> assertThat(segment.expiresAtEpochSecond()).isEqualTo(7_200L * 4 + 3_600));
    }

    @Test
    void aWarmWriterWritesEachSeriesEntryAndDictionaryOnce() {
        CountingStore store = new CountingStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(store, PER_METRIC);
        for (int scrape = 0; scrape < 5; scrape++) {
            writer.write("msg-" + scrape, scrape(T + scrape * 60_000L, 40));
        }
        assertThat(store.seriesPuts.get()).isEqualTo(40);
        assertThat(writer.seriesCreated()).isEqualTo(40);
        assertThat(writer.samplesWritten()).isEqualTo(200);
        assertThat(writer.dictionariesWritten()).isEqualTo(store.dictionaryPuts.get()).isBetween(1L, 4L);

        SegmentHeadWriter cold = new SegmentHeadWriter(store, PER_METRIC);
        cold.write("msg-9", scrape(T + 600_000L, 40));
        assertThat(cold.seriesCreated()).isZero();
        assertThat(store.seriesPuts.get()).isEqualTo(80);
    }

    @Test
    void largePartitionsAreSplitIntoSeveralSegments() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        HeadOptions options = PER_METRIC.withShardCount(1).withMaxSamplesPerSegment(10);
        SegmentHeadWriter writer = new SegmentHeadWriter(store, options);
        writer.write("big", scrape(T, 35));
        List<Segment> samples = store.segments("requests_total", 0, Long.MAX_VALUE).stream()
                .filter(s -> !SeriesDictionary.isDictionary(s.data())).toList();
        assertThat(samples).extracting(s -> s.key().id()).containsExactlyInAnyOrder("b.big.0", "b.big.1", "b.big.2", "b.big.3");
        assertThat(samples.stream().mapToInt(SegmentDecoder::countSamples).sum()).isEqualTo(35);
    }

    @Test
    void longBatchIdsBecomeAStableDigest() {
        String joined = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0,".repeat(10);
        assertThat(SegmentHeadWriter.compactBatchId(joined)).isEqualTo(SegmentHeadWriter.compactBatchId(joined))
                .startsWith("h").hasSize(23);
        assertThat(SegmentHeadWriter.compactBatchId("msg-1")).isEqualTo("msg-1");
    }

    @Test
    void badInputIsRejectedClearlyAndNothingIsWritten() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(store, PER_METRIC);
        List<Series> noName = List.of(new Series(Labels.of("job", "a"), new long[] {T}, new double[] {1}));
        assertThatThrownBy(() -> writer.write("msg", noName)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a metric name");
        assertThatThrownBy(() -> writer.write("", scrape(T, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.metricNames()).isEmpty();
        writer.write("empty", List.of(new Series(Labels.of("__name__", "up"), new long[0], new double[0])));
        assertThat(store.metricNames()).isEmpty();
    }

    static List<Series> scrape(long timestamp, int seriesCount) {
        List<Series> scrape = new ArrayList<>();
        for (int i = 0; i < seriesCount; i++) {
            Labels labels = Labels.of("__name__", "requests_total", "job", "api", "path", "/p" + i);
            scrape.add(new Series(labels, new long[] {timestamp}, new double[] {i * 10.5}));
        }
        return scrape;
    }

    private static List<Series> reversed(List<Series> batch) {
        List<Series> reversed = new ArrayList<>(batch);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    /** Every stored segment as key -> hex bytes, for comparing whole stores. */
    private static Map<String, String> snapshot(HeadStore store) {
        Map<String, String> snapshot = new TreeMap<>();
        for (String metric : store.metricNames()) {
            for (Segment segment : store.segments(metric, Long.MIN_VALUE, Long.MAX_VALUE)) {
                snapshot.put(segment.key() + " " + segment.minTime() + " " + segment.maxTime() + " " + segment.expiresAtEpochSecond(),
                        java.util.HexFormat.of().formatHex(segment.data()));
            }
        }
        return snapshot;
    }

    private static final class CountingStore implements HeadStore {
        private final InMemoryHeadStore delegate = new InMemoryHeadStore();
        private final AtomicInteger seriesPuts = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong dictionaryPuts = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public boolean putSeriesIfAbsent(SeriesEntry entry) {
            seriesPuts.incrementAndGet();
            return delegate.putSeriesIfAbsent(entry);
        }

        @Override
        public List<SeriesEntry> seriesOf(String metricName) {
            return delegate.seriesOf(metricName);
        }

        @Override
        public List<String> metricNames() {
            return delegate.metricNames();
        }

        @Override
        public void putSegments(List<Segment> segments) {
            dictionaryPuts.addAndGet(segments.stream().filter(s -> SeriesDictionary.isDictionary(s.data())).count());
            delegate.putSegments(segments);
        }

        @Override
        public List<Segment> segments(String metricName, long minTime, long maxTime) {
            return delegate.segments(metricName, minTime, maxTime);
        }
    }
}
