package io.promless.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.HeadStore;
import io.promless.tsdb.head.Segment;
import io.promless.tsdb.head.SegmentHeadWriter;
import io.promless.tsdb.head.SegmentKey;
import io.promless.tsdb.head.SeriesEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link HeadStore} owes the engine. Subclass it for each implementation
 * (in-memory, files, DynamoDB) and return a fresh, empty store from {@link #newStore()}.
 *
 * <p>Every segment used here lies inside its 2 h bucket ({@code [bucketStart, bucketStart + 2 h)}),
 * as the writer's segments do, so a store may index segments by bucket. Series dictionaries are
 * ordinary segments to a store.
 */
public abstract class HeadStoreContract {
    private static final Labels UP_A = Labels.of("__name__", "up", "job", "api", "instance", "a:9100");
    private static final Labels UP_B = Labels.of("__name__", "up", "job", "api", "instance", "b:9100");
    private static final Labels CPU = Labels.of("__name__", "node_cpu_seconds_total", "cpu", "0", "mode", "idle");

    /** A new, empty store; called once per test. */
    protected abstract HeadStore newStore();

    @Test
    void putSeriesIfAbsentIsTrueOnlyTheFirstTime() {
        HeadStore store = newStore();
        assertThat(store.putSeriesIfAbsent(SeriesEntry.of(UP_A))).isTrue();
        assertThat(store.putSeriesIfAbsent(SeriesEntry.of(UP_A))).isFalse();
        assertThat(store.putSeriesIfAbsent(SeriesEntry.of(UP_B))).isTrue();
        assertThat(store.seriesOf("up")).containsExactlyInAnyOrder(SeriesEntry.of(UP_A), SeriesEntry.of(UP_B));
    }

    @Test
    void concurrentWritersOfOneSeriesSeeExactlyOneCreation() throws Exception {
        HeadStore store = newStore();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                writers.add(() -> store.putSeriesIfAbsent(SeriesEntry.of(CPU)));
            }
            int created = 0;
            for (Future<Boolean> result : pool.invokeAll(writers)) {
                created += result.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.seriesOf("node_cpu_seconds_total")).containsExactly(SeriesEntry.of(CPU));
    }

    @Test
    void seriesKeepTheirLabelsExactly() {
        HeadStore store = newStore();
        Labels unusual = Labels.of("__name__", "http_requests_total", "path", "/a \"b\"\n\\c", "région", "Zürich ☃");
        store.putSeriesIfAbsent(SeriesEntry.of(unusual));
        List<SeriesEntry> read = store.seriesOf("http_requests_total");
        assertThat(read).hasSize(1);
        assertThat((Object) read.get(0).labels()).isEqualTo(unusual);
        assertThat(read.get(0).seriesId()).isEqualTo(unusual.hash());
    }

    @Test
    void seriesOfAnUnknownMetricIsEmpty() {
        HeadStore store = newStore();
        store.putSeriesIfAbsent(SeriesEntry.of(UP_A));
        assertThat(store.seriesOf("down")).isEmpty();
    }

    @Test
    void metricNamesAreSortedAndDistinct() {
        HeadStore store = newStore();
        assertThat(store.metricNames()).isEmpty();
        store.putSeriesIfAbsent(SeriesEntry.of(UP_B));
        store.putSeriesIfAbsent(SeriesEntry.of(CPU));
        store.putSeriesIfAbsent(SeriesEntry.of(UP_A));
        assertThat(store.metricNames()).containsExactly("node_cpu_seconds_total", "up");
    }

    static Stream<Arguments> windows() {
        // The stored segment covers [1000, 2000]; windows are inclusive on both ends.
        return Stream.of(
                Arguments.of(0, 999, false),
                Arguments.of(0, 1000, true),
                Arguments.of(1500, 1600, true),
                Arguments.of(2000, 5000, true),
                Arguments.of(2001, 5000, false),
                Arguments.of(0, 5000, true));
    }

    @ParameterizedTest
    @MethodSource("windows")
    void segmentsOverlappingTheWindowAreReturned(long minTime, long maxTime, boolean expected) {
        HeadStore store = newStore();
        Segment segment = segment("up", "b.1", 1000, 2000, new byte[] {1, 2, 3});
        store.putSegments(List.of(segment));
        List<Segment> found = store.segments("up", minTime, maxTime);
        if (expected) {
            assertThat(found).hasSize(1);
            assertSameSegment(found.get(0), segment);
        } else {
            assertThat(found).isEmpty();
        }
    }

    @Test
    void segmentsKeepKeyRangeExpiryAndBytes() {
        HeadStore store = newStore();
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        Segment first = new Segment(new SegmentKey("up", 0, 3, "b.msg-1"), 10, 20, data, 1_700_000_000L);
        Segment second = new Segment(new SegmentKey("up", 7_200_000, 0, "b.msg-2"), 7_200_001, 7_200_002, new byte[] {9}, 1_700_007_200L);
        store.putSegments(List.of(first, second));
        List<Segment> found = new ArrayList<>(store.segments("up", Long.MIN_VALUE, Long.MAX_VALUE));
        found.sort((left, right) -> Long.compare(left.minTime(), right.minTime()));
        assertThat(found).hasSize(2);
        assertSameSegment(found.get(0), first);
        assertSameSegment(found.get(1), second);
    }

    @Test
    void writingAKeyAgainReplacesTheSegment() {
        HeadStore store = newStore();
        store.putSegments(List.of(segment("up", "b.1", 1000, 2000, new byte[] {1})));
        store.putSegments(List.of(segment("up", "b.1", 1000, 2000, new byte[] {1})));
        assertThat(store.segments("up", 0, 5000)).hasSize(1);
        store.putSegments(List.of(segment("up", "b.1", 1000, 2000, new byte[] {2})));
        List<Segment> found = store.segments("up", 0, 5000);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).data()).containsExactly(2);
    }

    @Test
    void segmentsOfOtherMetricsStayApart() {
        HeadStore store = newStore();
        store.putSegments(List.of(segment("up", "b.1", 1000, 2000, new byte[] {1}),
                segment("node_load1", "b.1", 1000, 2000, new byte[] {2})));
        assertThat(store.segments("up", 0, 5000)).singleElement().satisfies(s -> assertThat(s.data()).containsExactly(1));
        assertThat(store.segments("node_load1", 0, 5000)).singleElement().satisfies(s -> assertThat(s.data()).containsExactly(2));
        assertThat(store.segments("missing", 0, 5000)).isEmpty();
    }

    @Test
    void changingTheCallersArrayAfterwardsDoesNotChangeTheStoredBytes() {
        HeadStore store = newStore();
        byte[] data = {1, 2, 3};
        store.putSegments(List.of(segment("up", "b.1", 1000, 2000, data)));
        data[0] = 42;
        assertThat(store.segments("up", 0, 5000).get(0).data()).containsExactly(1, 2, 3);
    }

    @Test
    void anEmptyListOfSegmentsIsAccepted() {
        HeadStore store = newStore();
        store.putSegments(List.of());
        assertThat(store.segments("up", Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void theHeadWriterAndQuerierWorkOverThisStore() {
        HeadStore store = newStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(store);
        long start = 1_764_115_200_000L;
        for (int scrape = 0; scrape < 5; scrape++) {
            long timestamp = start + scrape * 60_000L;
            writer.write("msg-" + scrape, List.of(
                    new Series(UP_A, new long[] {timestamp}, new double[] {1}),
                    new Series(UP_B, new long[] {timestamp}, new double[] {scrape % 2}),
                    new Series(CPU, new long[] {timestamp}, new double[] {100.25 + scrape})));
        }
        writer.write("msg-2", List.of(new Series(UP_A, new long[] {start + 120_000L}, new double[] {1}),
                new Series(UP_B, new long[] {start + 120_000L}, new double[] {0}),
                new Series(CPU, new long[] {start + 120_000L}, new double[] {102.25})));
        try (Querier querier = new HeadQueryable(store).querier(start + 60_000L, start + 180_000L)) {
            List<Series> up = querier.select(List.of(LabelMatcher.equal("__name__", "up")));
            assertThat(up).extracting(Series::labels).containsExactly(UP_A, UP_B);
            assertThat(up.get(1).timestamps()).containsExactly(start + 60_000L, start + 120_000L, start + 180_000L);
            assertThat(up.get(1).values()).containsExactly(1, 0, 1);
            List<Series> cpu = querier.select(List.of(LabelMatcher.equal("mode", "idle")));
            assertThat(cpu).singleElement().satisfies(series -> assertThat(series.values()).containsExactly(101.25, 102.25, 103.25));
        }
    }

    private static Segment segment(String metricName, String id, long minTime, long maxTime, byte[] data) {
        return new Segment(new SegmentKey(metricName, 0, 0, id), minTime, maxTime, data, 1_700_000_000L);
    }

    private static void assertSameSegment(Segment actual, Segment expected) {
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.minTime()).isEqualTo(expected.minTime());
        assertThat(actual.maxTime()).isEqualTo(expected.maxTime());
        assertThat(actual.expiresAtEpochSecond()).isEqualTo(expected.expiresAtEpochSecond());
        assertThat(actual.data()).isEqualTo(expected.data());
    }
}
