package io.promless.aws;

import static io.promless.aws.HeadTableKeys.PARTITION_KEY;
import static io.promless.aws.HeadTableKeys.SORT_KEY;
import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import io.promless.tsdb.head.HeadStore;
import io.promless.tsdb.head.Segment;
import io.promless.tsdb.head.SegmentKey;
import io.promless.tsdb.head.SeriesEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@link HeadStore} on DynamoDB; the key layout is drawn in docs/dynamodb-layout.md.
 *
 * <ul>
 *   <li>Series table: one item per series in the partition of its metric name, written with a
 *       conditional put; a "metrics" partition lists every metric name.
 *   <li>Segments table: segments partitioned by metric, time bucket and shard, sort key = the
 *       segment id, so a redelivered message rewrites the same item. Per metric, a directory
 *       partition lists the (bucket, shard) partitions in use and an "extent" item bounds how
 *       far a segment's samples reach from its bucket start, so a time-range query knows which
 *       partitions to read without knowing the writer's bucket width.
 * </ul>
 *
 * <p>Directory and extent items are written before the segments they describe, so every
 * durable segment is findable; they carry the TTL of the longest-lived segment they cover.
 * Segments go out in BatchWriteItem calls of 25 with unprocessed items retried with backoff.
 * Thread-safe.
 */
public final class DynamoDbHeadStore implements HeadStore {
    static final String DATA = "data";
    static final String MIN_TIME = "minTime";
    static final String MAX_TIME = "maxTime";
    static final String EXPIRES_AT = "expiresAt";
    static final String LABELS = "labels";
    static final String AFTER = "after";
    static final String BEFORE = "before";
    /** DynamoDB's item limit is 400 KB including names; leave room for keys and times. */
    static final int MAX_SEGMENT_DATA_BYTES = 400 * 1024 - 2 * 1024;
    private static final int MAX_CACHED_ENTRIES = 200_000;

    private final DynamoDbClient dynamoDb;
    private final String seriesTable;
    private final String segmentsTable;

    /** What this process has already made durable, to skip repeating idempotent writes. */
    private final Set<String> knownMetricNames = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> knownDirectoryExpiry = new ConcurrentHashMap<>();
    private final Map<String, Long> knownAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> knownBefore = new ConcurrentHashMap<>();

    private final LongAdder writeRequests = new LongAdder();
    private final LongAdder readRequests = new LongAdder();
    private final LongAdder itemsWritten = new LongAdder();
    private final LongAdder unprocessedRetries = new LongAdder();
    private final BatchItemWriter batchWriter;
    private final LongAdder seriesCreated = new LongAdder();

    public DynamoDbHeadStore(DynamoDbClient dynamoDb, String seriesTable, String segmentsTable) {
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb is null");
        this.seriesTable = requireNonNull(seriesTable, "seriesTable is null");
        this.segmentsTable = requireNonNull(segmentsTable, "segmentsTable is null");
        this.batchWriter = new BatchItemWriter(dynamoDb, segmentsTable, "segment", writeRequests, itemsWritten, unprocessedRetries);
    }

    // ---- series index ----

    @Override
    public boolean putSeriesIfAbsent(SeriesEntry entry) {
        requireNonNull(entry, "entry is null");
        // The name goes in first: a crash between the two writes must not leave a series
        // whose metric name is missing from the list (the next call would return false).
        recordMetricName(entry.metricName());
        Map<String, AttributeValue> labels = new LinkedHashMap<>();
        entry.labels().forEach((name, value) -> labels.put(name, AttributeValue.fromS(value)));
        Map<String, AttributeValue> item = Map.of(
                PARTITION_KEY, AttributeValue.fromS(HeadTableKeys.seriesPartition(entry.metricName())),
                SORT_KEY, AttributeValue.fromS(HeadTableKeys.seriesSortKey(entry.seriesId())),
                LABELS, AttributeValue.fromM(labels));
        writeRequests.increment();
        try {
            dynamoDb.putItem(request -> request.tableName(seriesTable).item(item)
                    .conditionExpression("attribute_not_exists(" + PARTITION_KEY + ")"));
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        itemsWritten.increment();
        seriesCreated.increment();
        return true;
    }

    private void recordMetricName(String metricName) {
        if (knownMetricNames.contains(metricName)) {
            return;
        }
        writeRequests.increment();
        dynamoDb.putItem(request -> request.tableName(seriesTable).item(Map.of(
                PARTITION_KEY, AttributeValue.fromS(HeadTableKeys.METRIC_NAMES_PARTITION),
                SORT_KEY, AttributeValue.fromS(HeadTableKeys.metricNameSortKey(metricName)))));
        itemsWritten.increment();
        remember(knownMetricNames, metricName);
    }

    @Override
    public List<SeriesEntry> seriesOf(String metricName) {
        requireNonNull(metricName, "metricName is null");
        List<SeriesEntry> entries = new ArrayList<>();
        dynamoDb.queryPaginator(request -> request.tableName(seriesTable).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(HeadTableKeys.seriesPartition(metricName)))))
                .forEach(page -> {
                    readRequests.increment();
                    for (Map<String, AttributeValue> item : page.items()) {
                        entries.add(toSeriesEntry(metricName, item));
                    }
                });
        return List.copyOf(entries);
    }

    private static SeriesEntry toSeriesEntry(String metricName, Map<String, AttributeValue> item) {
        Labels.Builder labels = Labels.builder();
        item.get(LABELS).m().forEach((name, value) -> labels.set(name, value.s()));
        return new SeriesEntry(metricName, HeadTableKeys.seriesId(item.get(SORT_KEY).s()), labels.build());
    }

    @Override
    public List<String> metricNames() {
        List<String> names = new ArrayList<>();
        dynamoDb.queryPaginator(request -> request.tableName(seriesTable).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(HeadTableKeys.METRIC_NAMES_PARTITION))))
                .forEach(page -> {
                    readRequests.increment();
                    for (Map<String, AttributeValue> item : page.items()) {
                        names.add(item.get(SORT_KEY).s().substring(HeadTableKeys.METRIC_NAME_PREFIX.length()));
                    }
                });
        names.sort(null);
        return List.copyOf(names);
    }

    // ---- segments ----

    @Override
    public void putSegments(List<Segment> segments) {
        requireNonNull(segments, "segments is null");
        if (segments.isEmpty()) {
            return;
        }
        // One item per key: BatchWriteItem rejects duplicate keys in a request; the last wins.
        Map<SegmentKey, Segment> byKey = new LinkedHashMap<>();
        for (Segment segment : segments) {
            requireNonNull(segment, "segment is null");
            if (segment.data().length > MAX_SEGMENT_DATA_BYTES) {
                throw new IllegalArgumentException("segment " + segment.key() + " has " + segment.data().length
                        + " bytes of data, over the " + MAX_SEGMENT_DATA_BYTES + " a DynamoDB item can hold");
            }
            byKey.put(segment.key(), segment);
        }
        describeInDirectory(byKey.values());
        List<WriteRequest> requests = new ArrayList<>(byKey.size());
        for (Segment segment : byKey.values()) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(segment)).build()).build());
        }
        batchWriter.writeAll(requests);
    }

    private static Map<String, AttributeValue> toItem(Segment segment) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(HeadTableKeys.segmentPartition(segment.key())));
        item.put(SORT_KEY, AttributeValue.fromS(HeadTableKeys.segmentSortKey(segment.key().id())));
        item.put(DATA, AttributeValue.fromB(SdkBytes.fromByteArray(segment.data())));
        item.put(MIN_TIME, AttributeValue.fromN(Long.toString(segment.minTime())));
        item.put(MAX_TIME, AttributeValue.fromN(Long.toString(segment.maxTime())));
        if (segment.expiresAtEpochSecond() > 0) {
            item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(segment.expiresAtEpochSecond())));
        }
        return item;
    }

    /**
     * Makes the segments' partitions findable by time before the segments themselves are
     * written: one directory update per partition and one extent update per metric and bound,
     * each only when this batch goes beyond what is already recorded.
     */
    private void describeInDirectory(Iterable<Segment> segments) {
        Map<String, Long> expiryByEntry = new LinkedHashMap<>();
        Map<String, Long> afterByMetric = new LinkedHashMap<>();
        Map<String, Long> beforeByMetric = new LinkedHashMap<>();
        for (Segment segment : segments) {
            SegmentKey key = segment.key();
            long expiry = segment.expiresAtEpochSecond() > 0 ? segment.expiresAtEpochSecond() : Long.MAX_VALUE;
            String entry = HeadTableKeys.directoryPartition(key.metricName()) + "\n"
                    + HeadTableKeys.directorySortKey(key.bucketStart(), key.shard());
            expiryByEntry.merge(entry, expiry, Math::max);
            afterByMetric.merge(key.metricName(), Math.max(0, saturatedSubtract(segment.maxTime(), key.bucketStart())), Math::max);
            beforeByMetric.merge(key.metricName(), Math.max(0, saturatedSubtract(key.bucketStart(), segment.minTime())), Math::max);
        }
        expiryByEntry.forEach((entry, expiry) -> {
            Long known = knownDirectoryExpiry.get(entry);
            if (known == null || known < expiry) {
                int separator = entry.lastIndexOf('\n'); // sort keys hold no line break; metric names may
                writeDirectoryEntry(entry.substring(0, separator), entry.substring(separator + 1), expiry);
                remember(knownDirectoryExpiry, entry, expiry);
            }
        });
        afterByMetric.forEach((metric, after) -> raiseExtent(AFTER, knownAfter, metric, after));
        beforeByMetric.forEach((metric, before) -> raiseExtent(BEFORE, knownBefore, metric, before));
    }

    private void writeDirectoryEntry(String directory, String entry, long expiry) {
        Map<String, AttributeValue> key = Map.of(PARTITION_KEY, AttributeValue.fromS(directory),
                SORT_KEY, AttributeValue.fromS(entry));
        writeRequests.increment();
        if (expiry == Long.MAX_VALUE) {
            // A segment that never expires: the entry must not expire either.
            dynamoDb.updateItem(request -> request.tableName(segmentsTable).key(key)
                    .updateExpression("REMOVE #e").expressionAttributeNames(Map.of("#e", EXPIRES_AT)));
            itemsWritten.increment();
            return;
        }
        try {
            dynamoDb.updateItem(request -> request.tableName(segmentsTable).key(key)
                    .updateExpression("SET #e = :e")
                    .conditionExpression("attribute_not_exists(#pk) OR (attribute_exists(#e) AND #e < :e)")
                    .expressionAttributeNames(Map.of("#e", EXPIRES_AT, "#pk", PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":e", AttributeValue.fromN(Long.toString(expiry)))));
            itemsWritten.increment();
        } catch (ConditionalCheckFailedException e) {
            // The entry already lives at least as long (or forever).
        }
    }

    /** Raises a per-metric extent bound (a conditional update that only ever grows it). */
    private void raiseExtent(String attribute, Map<String, Long> known, String metricName, long value) {
        String directory = HeadTableKeys.directoryPartition(metricName);
        Long cached = known.get(metricName);
        if (value == 0 || (cached != null && cached >= value)) {
            return; // an absent bound reads as 0
        }
        writeRequests.increment();
        try {
            dynamoDb.updateItem(request -> request.tableName(segmentsTable)
                    .key(Map.of(PARTITION_KEY, AttributeValue.fromS(directory),
                            SORT_KEY, AttributeValue.fromS(HeadTableKeys.DIRECTORY_EXTENT_SORT_KEY)))
                    .updateExpression("SET #a = :v")
                    .conditionExpression("attribute_not_exists(#a) OR #a < :v")
                    .expressionAttributeNames(Map.of("#a", attribute))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(value)))));
            itemsWritten.increment();
        } catch (ConditionalCheckFailedException e) {
            // Another writer already recorded a wider extent.
        }
        remember(known, metricName, value);
    }

    @Override
    public List<Segment> segments(String metricName, long minTime, long maxTime) {
        requireNonNull(metricName, "metricName is null");
        if (maxTime < minTime) {
            return List.of();
        }
        String directory = HeadTableKeys.directoryPartition(metricName);
        readRequests.increment();
        Map<String, AttributeValue> extent = dynamoDb.getItem(request -> request.tableName(segmentsTable).consistentRead(true)
                .key(Map.of(PARTITION_KEY, AttributeValue.fromS(directory),
                        SORT_KEY, AttributeValue.fromS(HeadTableKeys.DIRECTORY_EXTENT_SORT_KEY)))).item();
        long after = extent == null ? 0 : numberOrZero(extent.get(AFTER));
        long before = extent == null ? 0 : numberOrZero(extent.get(BEFORE));
        // A segment in bucket b holds samples in [b - before, b + after]; it can overlap the
        // window only if b lies in [minTime - after, maxTime + before].
        String lower = HeadTableKeys.directoryLowerBound(saturatedSubtract(minTime, after));
        String upper = HeadTableKeys.directoryUpperBound(saturatedAdd(maxTime, before));
        List<HeadTableKeys.Partition> partitions = new ArrayList<>();
        dynamoDb.queryPaginator(request -> request.tableName(segmentsTable).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :lower AND :upper")
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#sk", SORT_KEY))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(directory),
                        ":lower", AttributeValue.fromS(lower), ":upper", AttributeValue.fromS(upper))))
                .forEach(page -> {
                    readRequests.increment();
                    for (Map<String, AttributeValue> item : page.items()) {
                        partitions.add(HeadTableKeys.parseDirectorySortKey(item.get(SORT_KEY).s()));
                    }
                });
        return readPartitions(metricName, partitions, minTime, maxTime);
    }

    private List<Segment> readPartitions(String metricName, List<HeadTableKeys.Partition> partitions, long minTime,
            long maxTime) {
        if (partitions.size() == 1) {
            return readPartition(metricName, partitions.getFirst(), minTime, maxTime);
        }
        List<Segment> segments = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Segment>>> futures = new ArrayList<>();
            for (HeadTableKeys.Partition partition : partitions) {
                futures.add(pool.submit(() -> readPartition(metricName, partition, minTime, maxTime)));
            }
            for (Future<List<Segment>> future : futures) {
                segments.addAll(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading segments of " + metricName, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("reading segments of " + metricName + " failed", e.getCause());
        }
        return List.copyOf(segments);
    }

    private List<Segment> readPartition(String metricName, HeadTableKeys.Partition partition, long minTime, long maxTime) {
        String pk = HeadTableKeys.segmentPartition(metricName, partition.bucketStart(), partition.shard());
        List<Segment> segments = new ArrayList<>();
        dynamoDb.queryPaginator(request -> request.tableName(segmentsTable).consistentRead(true)
                .keyConditionExpression("#pk = :pk")
                .filterExpression("#max >= :min AND #min <= :max")
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#min", MIN_TIME, "#max", MAX_TIME))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk),
                        ":min", AttributeValue.fromN(Long.toString(minTime)),
                        ":max", AttributeValue.fromN(Long.toString(maxTime)))))
                .forEach(page -> {
                    readRequests.increment();
                    for (Map<String, AttributeValue> item : page.items()) {
                        String id = item.get(SORT_KEY).s().substring(HeadTableKeys.SEGMENT_SORT_PREFIX.length());
                        segments.add(new Segment(new SegmentKey(metricName, partition.bucketStart(), partition.shard(), id),
                                Long.parseLong(item.get(MIN_TIME).n()), Long.parseLong(item.get(MAX_TIME).n()),
                                item.get(DATA).b().asByteArray(), numberOrZero(item.get(EXPIRES_AT))));
                    }
                });
        return segments;
    }

    private static long numberOrZero(AttributeValue value) {
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static long saturatedSubtract(long a, long b) {
        long result = a - b;
        return ((a ^ b) & (a ^ result)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : result;
    }

    private static long saturatedAdd(long a, long b) {
        long result = a + b;
        return ((a ^ result) & (b ^ result)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : result;
    }

    /** Bounded caches: a long-lived container forgets everything rather than grow without limit. */
    private static void remember(Set<String> cache, String value) {
        if (cache.size() >= MAX_CACHED_ENTRIES) {
            cache.clear();
        }
        cache.add(value);
    }

    private static void remember(Map<String, Long> cache, String key, long value) {
        if (cache.size() >= MAX_CACHED_ENTRIES) {
            cache.clear();
        }
        cache.merge(key, value, Math::max);
    }

    // ---- self-monitoring, and request counts for the cost benchmark ----

    /** DynamoDB write calls (PutItem, UpdateItem, BatchWriteItem). */
    public long writeRequests() {
        return writeRequests.sum();
    }

    /** Items written, each a write of at least one write unit. */
    public long itemsWritten() {
        return itemsWritten.sum();
    }

    /** Query, GetItem and query pages read. */
    public long readRequests() {
        return readRequests.sum();
    }

    /** Segment writes DynamoDB returned unprocessed and that were retried. */
    public long unprocessedRetries() {
        return unprocessedRetries.sum();
    }

    public long seriesCreated() {
        return seriesCreated.sum();
    }
}
