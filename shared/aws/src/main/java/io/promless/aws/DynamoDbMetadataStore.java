package io.promless.aws;

import static io.promless.aws.HeadTableKeys.PARTITION_KEY;
import static io.promless.aws.HeadTableKeys.SORT_KEY;
import static java.util.Objects.requireNonNull;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.storage.InMemoryMetadataStore;
import io.promless.storage.MetadataStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The {@link MetadataStore} in the series table, in its own partition (docs/dynamodb-layout.md):
 * pk {@code metadata}, sk {@code <metric name>|<32 hex digits of SHA-256(type, unit, help)>}, one
 * item per distinct entry, so a changed help text adds an item instead of rewriting a list and
 * plain BatchWriteItem puts suffice. Each item carries an {@code order} number (epoch
 * microseconds, strictly increasing within this process) that orders a family's entries.
 *
 * <p>Cost: every scrape message carries the metadata of every family, so this process remembers
 * the entries it has already written and writes only new ones; once warm, a message whose
 * metadata did not change costs no DynamoDB request. A cold container rewrites what it sees
 * once (refreshing the entry's order, so "order first seen" holds per writer, not globally).
 *
 * <p>{@link #get} reads the whole partition (or one family's items), page by page, eventually
 * consistent; at most {@link InMemoryMetadataStore#MAX_ENTRIES_PER_METRIC} newest entries per
 * family are returned. An entry whose name does not fit DynamoDB's 1024-byte sort key (less 33
 * bytes), or whose texts do not fit an item, is skipped and counted ({@link #entriesTooLarge}).
 * Thread-safe.
 */
public final class DynamoDbMetadataStore implements MetadataStore {
    static final String PARTITION = "metadata";
    static final String TYPE = "type";
    static final String HELP = "help";
    static final String UNIT = "unit";
    static final String ORDER = "order";
    private static final int HASH_HEX_DIGITS = 32;
    private static final int MAX_CACHED_ENTRIES = 100_000;
    /** DynamoDB's limits: 1024 bytes of sort key, 400 KB per item (leave room for names). */
    static final int MAX_SORT_KEY_BYTES = 1024;
    static final int MAX_ITEM_TEXT_BYTES = 400 * 1024 - 2 * 1024;
    private static final System.Logger LOG = System.getLogger(DynamoDbMetadataStore.class.getName());

    private final DynamoDbClient dynamoDb;
    private final String seriesTable;
    private final LongSupplier epochMillis;
    private final AtomicLong lastOrder = new AtomicLong();
    /** Sort keys this process has written; a hit means the entry is durable already. */
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    private final LongAdder writeRequests = new LongAdder();
    private final LongAdder itemsWritten = new LongAdder();
    private final LongAdder readRequests = new LongAdder();
    private final LongAdder unprocessedRetries = new LongAdder();
    private final BatchItemWriter batchWriter;
    private final LongAdder entriesTooLarge = new LongAdder();

    public DynamoDbMetadataStore(DynamoDbClient dynamoDb, String seriesTable) {
        this(dynamoDb, seriesTable, System::currentTimeMillis);
    }

    /** With the clock that stamps each entry's order (tests pass a fixed one). */
    public DynamoDbMetadataStore(DynamoDbClient dynamoDb, String seriesTable, LongSupplier epochMillis) {
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb is null");
        this.seriesTable = requireNonNull(seriesTable, "seriesTable is null");
        this.batchWriter = new BatchItemWriter(dynamoDb, seriesTable, "metadata", writeRequests, itemsWritten, unprocessedRetries);
        this.epochMillis = requireNonNull(epochMillis, "epochMillis is null");
    }

    @Override
    public void put(List<MetricMetadata> metadata) {
        requireNonNull(metadata, "metadata is null");
        // One request per sort key: BatchWriteItem rejects duplicate keys in one call.
        Map<String, MetricMetadata> fresh = new LinkedHashMap<>();
        for (MetricMetadata entry : metadata) {
            requireNonNull(entry, "metadata entry is null");
            String sortKey = sortKey(entry);
            if (written.contains(sortKey) || fresh.containsKey(sortKey)) {
                continue;
            }
            if (tooLarge(sortKey, entry)) {
                // Skipped, not thrown: a request DynamoDB must reject would fail every redelivery.
                entriesTooLarge.increment();
                LOG.log(System.Logger.Level.WARNING, () -> "metadata of a metric named "
                        + entry.metricFamilyName().substring(0, Math.min(64, entry.metricFamilyName().length()))
                        + "... not stored: over DynamoDB's key or item size limit");
                continue;
            }
            fresh.put(sortKey, entry);
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<WriteRequest> requests = new ArrayList<>(fresh.size());
        fresh.forEach((sortKey, entry) -> requests.add(WriteRequest.builder()
                .putRequest(PutRequest.builder().item(toItem(sortKey, entry, nextOrder())).build()).build()));
        batchWriter.writeAll(requests);
        // Remembered only once durable, so a failed put is retried in full by the next message.
        if (written.size() + fresh.size() > MAX_CACHED_ENTRIES) {
            written.clear();
        }
        written.addAll(fresh.keySet());
    }

    /** Epoch microseconds, strictly increasing in this process even within one millisecond. */
    private long nextOrder() {
        long now = Math.multiplyExact(epochMillis.getAsLong(), 1_000L);
        return lastOrder.updateAndGet(last -> Math.max(last + 1, now));
    }

    private static Map<String, AttributeValue> toItem(String sortKey, MetricMetadata entry, long order) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(PARTITION));
        item.put(SORT_KEY, AttributeValue.fromS(sortKey));
        item.put(TYPE, AttributeValue.fromS(entry.type().name()));
        item.put(HELP, AttributeValue.fromS(entry.help()));
        item.put(UNIT, AttributeValue.fromS(entry.unit()));
        item.put(ORDER, AttributeValue.fromN(Long.toString(order)));
        return item;
    }

    private static boolean tooLarge(String sortKey, MetricMetadata entry) {
        int keyBytes = utf8Length(sortKey);
        return keyBytes > MAX_SORT_KEY_BYTES
                || keyBytes + utf8Length(entry.help()) + utf8Length(entry.unit()) > MAX_ITEM_TEXT_BYTES;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static String sortKey(MetricMetadata entry) {
        return entry.metricFamilyName() + "|" + hash(entry);
    }

    /** The entry's identity within its family; fixed width so the name is the key minus its tail. */
    private static String hash(MetricMetadata entry) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Lengths first, so no two (unit, help) pairs encode alike.
            String identity = entry.type().name() + "\n" + entry.unit().length() + "\n" + entry.unit() + "\n" + entry.help();
            byte[] digest = sha.digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String metricName(String sortKey) {
        return sortKey.substring(0, sortKey.length() - HASH_HEX_DIGITS - 1);
    }

    @Override
    public Map<String, List<MetricMetadata>> get(String metric, int limit, int limitPerMetric) {
        requireNonNull(metric, "metric is null");
        if (limit == 0) {
            return Map.of();
        }
        Map<String, List<Stored>> families = new TreeMap<>();
        dynamoDb.queryPaginator(query(metric)).forEach(page -> {
            readRequests.increment();
            for (Map<String, AttributeValue> item : page.items()) {
                String name = metricName(item.get(SORT_KEY).s());
                // begins_with also matches longer names that contain "<metric>|".
                if (metric.isEmpty() || name.equals(metric)) {
                    families.computeIfAbsent(name, n -> new ArrayList<>()).add(toStored(name, item));
                }
            }
        });
        Map<String, List<MetricMetadata>> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<Stored>> family : families.entrySet()) {
            if (limit > 0 && result.size() >= limit) {
                break;
            }
            result.put(family.getKey(), entries(family.getValue(), limitPerMetric));
        }
        return Collections.unmodifiableMap(result);
    }

    private QueryRequest query(String metric) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(seriesTable);
        if (metric.isEmpty()) {
            return query.keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION)))
                    .build();
        }
        return query.keyConditionExpression("#pk = :pk AND begins_with(#sk, :name)")
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#sk", SORT_KEY))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION),
                        ":name", AttributeValue.fromS(metric + "|")))
                .build();
    }

    /** A family's entries oldest first, the newest few kept, then the first limitPerMetric. */
    private static List<MetricMetadata> entries(List<Stored> stored, int limitPerMetric) {
        List<Stored> ordered = new ArrayList<>(stored);
        ordered.sort(Comparator.comparingLong(Stored::order));
        int keep = InMemoryMetadataStore.MAX_ENTRIES_PER_METRIC;
        List<Stored> kept = ordered.size() > keep ? ordered.subList(ordered.size() - keep, ordered.size()) : ordered;
        if (limitPerMetric > 0 && kept.size() > limitPerMetric) {
            kept = kept.subList(0, limitPerMetric);
        }
        return kept.stream().map(Stored::metadata).toList();
    }

    private record Stored(MetricMetadata metadata, long order) {}

    private static Stored toStored(String name, Map<String, AttributeValue> item) {
        MetricMetadata metadata = new MetricMetadata(name, typeOf(item.get(TYPE)), stringOrEmpty(item.get(HELP)),
                stringOrEmpty(item.get(UNIT)));
        AttributeValue order = item.get(ORDER);
        return new Stored(metadata, order == null || order.n() == null ? 0 : Long.parseLong(order.n()));
    }

    /** A type this build does not know (written by a newer one) reads as unknown rather than failing. */
    private static MetricType typeOf(AttributeValue value) {
        if (value == null || value.s() == null) {
            return MetricType.UNKNOWN;
        }
        try {
            return MetricType.valueOf(value.s());
        } catch (IllegalArgumentException e) {
            return MetricType.UNKNOWN;
        }
    }

    private static String stringOrEmpty(AttributeValue value) {
        return value == null || value.s() == null ? "" : value.s();
    }

    // ---- self-monitoring, and request counts for the cost figures ----

    /** BatchWriteItem calls made, retries included. */
    public long writeRequests() {
        return writeRequests.sum();
    }

    /** Metadata items written (one write unit each; they are small). */
    public long itemsWritten() {
        return itemsWritten.sum();
    }

    /** Query pages read. */
    public long readRequests() {
        return readRequests.sum();
    }

    /** Entries not stored because their name or texts exceed DynamoDB's limits. */
    public long entriesTooLarge() {
        return entriesTooLarge.sum();
    }

    /** Writes DynamoDB returned unprocessed and that were retried. */
    public long unprocessedRetries() {
        return unprocessedRetries.sum();
    }
}
