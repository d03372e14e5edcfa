package io.promless.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.storage.InMemoryMetadataStore;
import io.promless.storage.MetadataStore;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.contract.MetadataStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB metadata store against the emulator: the shared contract, plus its key layout
 * and that metadata already written costs no further request. Requests are counted on the wire
 * by an SDK interceptor, not by the store's own counters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbMetadataStoreTest extends MetadataStoreContract {
    private static final MetricMetadata CPU =
            new MetricMetadata("node_cpu_seconds_total", MetricType.COUNTER, "Seconds the CPUs spent in each mode.", "");
    private static final MetricMetadata LOAD = new MetricMetadata("node_load1", MetricType.GAUGE, "1m load average.", "");

    private final List<String> operations = new ArrayList<>();
    private DynamoDbClient dynamoDb;
    private String table;

    /** The emulator these tests run against; the LocalStack profile overrides it. */
    protected AwsEndpoint endpoint() {
        return AwsEmulator.endpoint();
    }

    @BeforeAll
    void connect() {
        AwsEndpoint endpoint = endpoint();
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint.uri()).region(endpoint.region())
                .credentialsProvider(endpoint.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        synchronized (operations) {
                            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                        }
                    }
                }))
                .build();
    }

    @AfterAll
    void close() {
        dynamoDb.close();
    }

    @BeforeEach
    void createTable() {
        table = new AwsResources(endpoint()).createHeadTables().seriesTable();
        synchronized (operations) {
            operations.clear();
        }
    }

    @Override
    protected MetadataStore newStore() {
        return new DynamoDbMetadataStore(dynamoDb, new AwsResources(endpoint()).createHeadTables().seriesTable());
    }

    private List<String> operations() {
        synchronized (operations) {
            return List.copyOf(operations);
        }
    }

    @Test
    void metadataAlreadyWrittenCostsNoRequest() {
        DynamoDbMetadataStore store = new DynamoDbMetadataStore(dynamoDb, table);
        store.put(List.of(CPU, LOAD));
        assertThat(operations()).containsExactly("BatchWriteItem");

        store.put(List.of(LOAD, CPU));
        store.put(List.of(CPU));
        assertThat(operations()).as("the same metadata again").containsExactly("BatchWriteItem");

        MetricMetadata renamed = new MetricMetadata(CPU.metricFamilyName(), CPU.type(), "CPU seconds.", "");
        store.put(List.of(CPU, renamed, LOAD));
        assertThat(operations()).as("only the changed entry is written").containsExactly("BatchWriteItem", "BatchWriteItem");
        assertThat(store.itemsWritten()).isEqualTo(3);
        assertThat(store.get("node_cpu_seconds_total", -1, -1).get("node_cpu_seconds_total")).containsExactly(CPU, renamed);
    }

    @Test
    void anotherProcessSeesTheEntriesAndWritesThemOnceItself() {
        new DynamoDbMetadataStore(dynamoDb, table).put(List.of(CPU, LOAD));
        DynamoDbMetadataStore other = new DynamoDbMetadataStore(dynamoDb, table);
        assertThat(other.get("", -1, -1)).containsExactly(
                Map.entry("node_cpu_seconds_total", List.of(CPU)), Map.entry("node_load1", List.of(LOAD)));
        other.put(List.of(CPU, LOAD));
        other.put(List.of(CPU, LOAD));
        assertThat(other.writeRequests()).isEqualTo(1);
        assertThat(other.get("", -1, -1)).hasSize(2);
    }

    @Test
    void manyFamiliesGoOutInBatchesOfTwentyFiveAndReadBackPageByPage() {
        DynamoDbMetadataStore store = new DynamoDbMetadataStore(dynamoDb, table);
        String longHelp = "h".repeat(20_000);
        List<MetricMetadata> families = IntStream.range(0, 60)
                .mapToObj(i -> new MetricMetadata("family_%02d".formatted(i), MetricType.GAUGE, longHelp, "bytes")).toList();
        store.put(families);
        assertThat(store.writeRequests()).isEqualTo(3);
        assertThat(store.itemsWritten()).isEqualTo(60);

        Map<String, List<MetricMetadata>> read = store.get("", -1, -1);
        assertThat(read).hasSize(60);
        assertThat(read.keySet()).first().isEqualTo("family_00");
        assertThat(read.get("family_59")).containsExactly(families.get(59));
        assertThat(store.readRequests()).as("1.2 MB of items need more than one page").isGreaterThan(1);
    }

    @Test
    void oneMetricIsNotConfusedWithNamesThatExtendIt() {
        DynamoDbMetadataStore store = new DynamoDbMetadataStore(dynamoDb, table);
        MetricMetadata up = new MetricMetadata("up", MetricType.GAUGE, "up", "");
        MetricMetadata upPipe = new MetricMetadata("up|x", MetricType.COUNTER, "pipe", "");
        MetricMetadata utf8 = new MetricMetadata("a.utf8 metric ✓", MetricType.INFO, "ünïcode", "");
        store.put(List.of(upPipe, up, utf8));
        assertThat(store.get("up", -1, -1)).containsExactly(Map.entry("up", List.of(up)));
        assertThat(store.get("up|x", -1, -1)).containsExactly(Map.entry("up|x", List.of(upPipe)));
        assertThat(store.get("", -1, -1).keySet()).containsExactly("a.utf8 metric ✓", "up", "up|x");
    }

    @Test
    void itemsFollowTheDocumentedLayout() {
        new DynamoDbMetadataStore(dynamoDb, table, () -> 1_700_000_000_000L)
                .put(List.of(new MetricMetadata("latency_seconds", MetricType.HISTOGRAM, "Latency.", "seconds")));
        List<Map<String, AttributeValue>> items = dynamoDb.query(request -> request.tableName(table)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("metadata"))))
                .items();
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("sk").s()).matches("latency_seconds\\|[0-9a-f]{32}");
            assertThat(item.get("type").s()).isEqualTo("HISTOGRAM");
            assertThat(item.get("help").s()).isEqualTo("Latency.");
            assertThat(item.get("unit").s()).isEqualTo("seconds");
            assertThat(item.get("order").n()).isEqualTo("1700000000000000");
        });
    }

    @Test
    void entriesWithinOneMillisecondKeepTheirOrderAndOnlyTheNewestAreKept() {
        AtomicLong now = new AtomicLong(1_000);
        DynamoDbMetadataStore store = new DynamoDbMetadataStore(dynamoDb, table, now::get);
        int written = InMemoryMetadataStore.MAX_ENTRIES_PER_METRIC + 4;
        List<MetricMetadata> versions = IntStream.range(0, written)
                .mapToObj(i -> new MetricMetadata("flappy", MetricType.GAUGE, "version " + i, "")).toList();
        for (MetricMetadata version : versions) {
            store.put(List.of(version));
        }
        assertThat(store.get("flappy", -1, -1).get("flappy")).isEqualTo(versions.subList(4, written));
        assertThat(store.get("flappy", -1, 2).get("flappy")).isEqualTo(versions.subList(4, 6));
    }

    @Test
    void failedWritesAreNotRememberedAsWritten() {
        DynamoDbMetadataStore store = new DynamoDbMetadataStore(dynamoDb, "no-such-table");
        assertThatThrownBy(() -> store.put(List.of(CPU))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> store.put(List.of(CPU))).as("tried again, not skipped").isInstanceOf(RuntimeException.class);
        assertThat(store.writeRequests()).isEqualTo(2);
    }

    @Test
    void entriesDynamoDbCannotHoldAreSkippedAndCountedWhileTheRestIsStored() {
        DynamoDbMetadataStore store = new DynamoDbMetadataStore(dynamoDb, table);
        MetricMetadata longName = new MetricMetadata("n".repeat(1_000), MetricType.GAUGE, "", "");
        MetricMetadata hugeHelp = new MetricMetadata("huge", MetricType.GAUGE, "h".repeat(400 * 1024), "");
        store.put(List.of(longName, CPU, hugeHelp));
        store.put(List.of(longName));
        assertThat(store.entriesTooLarge()).isEqualTo(3);
        assertThat(store.get("", -1, -1)).containsOnlyKeys("node_cpu_seconds_total");
    }

    @Test
    void nullsAreRejectedClearly() {
        DynamoDbMetadataStore store = new DynamoDbMetadataStore(dynamoDb, table);
        assertThatThrownBy(() -> store.put(null)).hasMessageContaining("metadata is null");
        assertThatThrownBy(() -> store.get(null, -1, -1)).hasMessageContaining("metric is null");
        assertThat(operations()).isEmpty();
    }
}
