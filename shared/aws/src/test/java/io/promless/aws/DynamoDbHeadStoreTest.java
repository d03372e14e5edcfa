package io.promless.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.labels.Labels;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.contract.HeadStoreContract;
import io.promless.tsdb.head.HeadStore;
import io.promless.tsdb.head.Segment;
import io.promless.tsdb.head.SegmentKey;
import io.promless.tsdb.head.SeriesEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB head store against the emulator: the shared head store contract, plus its key
 * layout, TTL, batching and request counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbHeadStoreTest extends HeadStoreContract {
    private static final long HOUR = 3_600_000;
    private DynamoDbClient dynamoDb;
    private AwsResources.HeadTables tables;
    private DynamoDbHeadStore store;

    /** The emulator these tests run against; the LocalStack profile overrides it. */
    protected AwsEndpoint endpoint() {
        return AwsEmulator.endpoint();
    }

    @BeforeAll
    void connect() {
        dynamoDb = endpoint().dynamoDb();
    }

    @AfterAll
    void close() {
        dynamoDb.close();
    }

    @BeforeEach
    void createTables() {
        tables = new AwsResources(endpoint()).createHeadTables();
        store = sameTablesStore();
    }

    /** A store over new, empty tables, for the contract. */
    @Override
    protected HeadStore newStore() {
        AwsResources.HeadTables fresh = new AwsResources(endpoint()).createHeadTables();
        return new DynamoDbHeadStore(dynamoDb, fresh.seriesTable(), fresh.segmentsTable());
    }

    /** Another store (empty caches, as another process) over this test's tables. */
    private DynamoDbHeadStore sameTablesStore() {
        return new DynamoDbHeadStore(dynamoDb, tables.seriesTable(), tables.segmentsTable());
    }

    private static Segment segment(String metric, long bucketStart, int shard, String id, long minTime, long maxTime,
            byte... data) {
        return new Segment(new SegmentKey(metric, bucketStart, shard, id), minTime, maxTime, data, 2_000_000_000L);
    }

    @Test
    void seriesIsCreatedOnceAndListedUnderItsMetric() {
        SeriesEntry up = SeriesEntry.of(Labels.of("__name__", "up", "job", "node", "instance", "localhost:9100"));
        assertThat(store.putSeriesIfAbsent(up)).isTrue();
        assertThat(store.putSeriesIfAbsent(up)).isFalse();
        assertThat(sameTablesStore().putSeriesIfAbsent(up)).as("another process sees it too").isFalse();
        assertThat(store.seriesOf("up")).containsExactly(up);
        assertThat(store.seriesCreated()).isEqualTo(1);
    }

    @Test
    void metricNamesAreSortedAndUnique() {
        for (String job : List.of("a", "b", "c")) {
            store.putSeriesIfAbsent(SeriesEntry.of(Labels.of("__name__", "up", "job", job)));
        }
        store.putSeriesIfAbsent(SeriesEntry.of(Labels.of("__name__", "node_cpu_seconds_total", "cpu", "0")));
        store.putSeriesIfAbsent(SeriesEntry.of(Labels.of("__name__", "a.utf8 metric ✓", "x", "y")));
        assertThat(sameTablesStore().metricNames()).containsExactly("a.utf8 metric ✓", "node_cpu_seconds_total", "up");
        assertThat(store.seriesOf("up")).hasSize(3);
        assertThat(store.seriesOf("absent")).isEmpty();
    }

    @Test
    void labelsRoundTripExactly() {
        Labels labels = Labels.of("__name__", "http_requests_total", "path", "/api/v1/query?x=\"1\"", "ünïcode", "名前",
                "empty_looking", " ");
        SeriesEntry entry = SeriesEntry.of(labels);
        store.putSeriesIfAbsent(entry);
        assertThat(store.seriesOf("http_requests_total")).singleElement().satisfies(read -> {
            assertThat(read.labels().toList()).isEqualTo(labels.toList());
            assertThat(read.seriesId()).isEqualTo(labels.hash());
        });
    }

    @Test
    void segmentsAreFoundByOverlappingTimeAcrossBucketsAndShards() {
        List<Segment> written = List.of(
                segment("up", 0, 0, "m1", 10, 3_000, (byte) 1),
                segment("up", 0, 1, "m1", 20, 3_500, (byte) 2),
                segment("up", 2 * HOUR, 0, "m2", 2 * HOUR + 5, 2 * HOUR + 900, (byte) 3),
                segment("up", 4 * HOUR, 3, "m3", 4 * HOUR, 5 * HOUR, (byte) 4),
                segment("other", 0, 0, "m1", 0, 10 * HOUR, (byte) 5));
        store.putSegments(written);

        DynamoDbHeadStore reader = sameTablesStore();
        assertThat(ids(reader.segments("up", 0, 10 * HOUR))).containsExactlyInAnyOrder("0/0/m1", "0/1/m1",
                "7200000/0/m2", "14400000/3/m3");
        assertThat(ids(reader.segments("up", 3_200, 2 * HOUR + 5))).containsExactlyInAnyOrder("0/1/m1", "7200000/0/m2");
        assertThat(ids(reader.segments("up", 3_501, 2 * HOUR + 4))).isEmpty();
        assertThat(ids(reader.segments("up", 5 * HOUR, 6 * HOUR))).as("inclusive bounds").containsExactly("14400000/3/m3");
        assertThat(ids(reader.segments("up", 5 * HOUR + 1, Long.MAX_VALUE))).isEmpty();
        assertThat(reader.segments("up", 10, 9)).isEmpty();
        assertThat(reader.segments("absent", 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void segmentReadsBackWhole() {
        Segment original = segment("up", 0, 2, "msg-1", 5, 60_005, (byte) 0, (byte) 0xff, (byte) 7);
        store.putSegments(List.of(original));
        assertThat(store.segments("up", 0, 100_000)).singleElement().satisfies(read -> {
            assertThat(read.key()).isEqualTo(original.key());
            assertThat(read.minTime()).isEqualTo(5);
            assertThat(read.maxTime()).isEqualTo(60_005);
            assertThat(read.data()).containsExactly(0, 0xff, 7);
            assertThat(read.expiresAtEpochSecond()).isEqualTo(2_000_000_000L);
        });
    }

    @Test
    void rewritingAKeyReplacesTheItem() {
        store.putSegments(List.of(segment("up", 0, 0, "m1", 0, 100, (byte) 1)));
        store.putSegments(List.of(segment("up", 0, 0, "m1", 0, 100, (byte) 1)));
        assertThat(store.segments("up", 0, 100)).singleElement().satisfies(read -> assertThat(read.data()).containsExactly(1));
        store.putSegments(List.of(segment("up", 0, 0, "m1", 0, 100, (byte) 9), segment("up", 0, 0, "m1", 0, 100, (byte) 8)));
        assertThat(store.segments("up", 0, 100)).singleElement().satisfies(read -> assertThat(read.data()).containsExactly(8));
    }

    @Test
    void manySegmentsGoOutInBatchesOfTwentyFive() {
        List<Segment> segments = IntStream.range(0, 60)
                .mapToObj(i -> segment("up", 0, 0, "m" + i, i * 1_000L, i * 1_000L + 999, (byte) i)).toList();
        store.putSegments(segments);
        assertThat(store.segments("up", 0, Long.MAX_VALUE)).hasSize(60);
        // 3 BatchWriteItem calls, 1 directory entry, 1 extent update.
        assertThat(store.writeRequests()).isEqualTo(5);
        assertThat(store.itemsWritten()).isEqualTo(62);
        assertThat(store.unprocessedRetries()).isZero();
    }

    @Test
    void largePartitionsAreReadPageByPage() {
        byte[] data = new byte[100_000];
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            segments.add(new Segment(new SegmentKey("big", 0, 0, "m" + i), i, i, data, 0));
        }
        store.putSegments(segments);
        assertThat(store.segments("big", 0, 100)).hasSize(30);
        assertThat(store.readRequests()).as("more than one page of a 3 MB partition").isGreaterThan(3);
    }

    @Test
    void samplesBeforeTheBucketStartAreStillFound() {
        store.putSegments(List.of(segment("late", 2 * HOUR, 0, "m", HOUR, 2 * HOUR + 10, (byte) 1)));
        assertThat(store.segments("late", HOUR, HOUR + 1)).hasSize(1);
        assertThat(store.segments("late", 0, HOUR - 1)).isEmpty();
    }

    @Test
    void singleSampleSegmentAtItsBucketStartIsFound() {
        store.putSegments(List.of(segment("point", HOUR, 0, "m", HOUR, HOUR, (byte) 1)));
        assertThat(store.segments("point", HOUR, HOUR)).hasSize(1);
        assertThat(store.segments("point", HOUR + 1, 2 * HOUR)).isEmpty();
    }

    @Test
    void negativeTimestampsOrderCorrectly() {
        store.putSegments(List.of(
                segment("old", -2 * HOUR, 0, "a", -2 * HOUR, -2 * HOUR + 10, (byte) 1),
                segment("old", 0, 0, "b", 0, 10, (byte) 2)));
        assertThat(ids(store.segments("old", -3 * HOUR, -HOUR))).containsExactly("-7200000/0/a");
        assertThat(ids(store.segments("old", Long.MIN_VALUE, Long.MAX_VALUE))).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"-9223372036854775808, 0000000000000000", "-1, 7fffffffffffffff", "0, 8000000000000000",
        "7200000, 80000000006ddd00", "9223372036854775807, ffffffffffffffff"})
    void timesAreWrittenAsOrderedHex(long time, String hex) {
        assertThat(HeadTableKeys.orderedHex(time)).isEqualTo(hex);
        assertThat(HeadTableKeys.fromOrderedHex(hex)).isEqualTo(time);
    }

    @Test
    void itemsFollowTheDocumentedLayoutWithTtl() {
        store.putSegments(List.of(segment("up", 7_200_000, 3, "msg-1", 7_200_001, 7_260_000, (byte) 1)));
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(tables.segmentsTable())
                .key(Map.of("pk", AttributeValue.fromS("seg|80000000006ddd00|3|up"), "sk", AttributeValue.fromS("s|msg-1"))))
                .item();
        assertThat(item).containsKeys("data", "minTime", "maxTime", "expiresAt");
        assertThat(item.get("expiresAt").n()).isEqualTo("2000000000");
        Map<String, AttributeValue> entry = dynamoDb.getItem(request -> request.tableName(tables.segmentsTable())
                .key(Map.of("pk", AttributeValue.fromS("dir|up"), "sk", AttributeValue.fromS("b|80000000006ddd00|3"))))
                .item();
        assertThat(entry.get("expiresAt").n()).isEqualTo("2000000000");
        Map<String, AttributeValue> extent = dynamoDb.getItem(request -> request.tableName(tables.segmentsTable())
                .key(Map.of("pk", AttributeValue.fromS("dir|up"), "sk", AttributeValue.fromS("extent")))).item();
        assertThat(extent.get("after").n()).isEqualTo("60000");
        assertThat(extent).as("a zero bound is not written").doesNotContainKey("before");
    }

    @Test
    void directoryEntryLivesAsLongAsItsLongestLivedSegment() {
        store.putSegments(List.of(new Segment(new SegmentKey("up", 0, 0, "a"), 0, 1, new byte[] {1}, 2_000_000_500L)));
        sameTablesStore().putSegments(List.of(new Segment(new SegmentKey("up", 0, 0, "b"), 0, 1, new byte[] {1}, 2_000_000_100L)));
        Map<String, AttributeValue> entry = dynamoDb.getItem(request -> request.tableName(tables.segmentsTable())
                .key(Map.of("pk", AttributeValue.fromS("dir|up"), "sk", AttributeValue.fromS("b|8000000000000000|0"))))
                .item();
        assertThat(entry.get("expiresAt").n()).isEqualTo("2000000500");
    }

    @Test
    void repeatedWritesToKnownPartitionsCostOnlyTheSegmentWrites() {
        store.putSegments(List.of(segment("up", 0, 0, "m1", 0, 100, (byte) 1)));
        long before = store.writeRequests();
        store.putSegments(List.of(segment("up", 0, 0, "m2", 0, 50, (byte) 1)));
        assertThat(store.writeRequests() - before).isEqualTo(1);
    }

    @Test
    void oversizedSegmentIsRejectedBeforeAnyWrite() {
        Segment huge = new Segment(new SegmentKey("up", 0, 0, "m"), 0, 1, new byte[DynamoDbHeadStore.MAX_SEGMENT_DATA_BYTES + 1], 0);
        assertThatThrownBy(() -> store.putSegments(List.of(segment("up", 0, 0, "ok", 0, 1, (byte) 1), huge)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DynamoDB item");
        assertThat(store.writeRequests()).isZero();
    }

    private static List<String> ids(List<Segment> segments) {
        return segments.stream().map(s -> s.key().bucketStart() + "/" + s.key().shard() + "/" + s.key().id()).toList();
    }
}
