package io.promless.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.aws.DynamoDbHeadStore;
import io.promless.aws.S3ObjectStore;
import io.promless.aws.SqsMessageQueue;
import io.promless.ingest.IngestService;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.remote.QueueAppendable;
import io.promless.remote.QueueAppendableOptions;
import io.promless.storage.Appender;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.aws.SqsEventSourceHarness;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The handler chain as Lambda runs it, on the emulator: remote-write messages sent to a real SQS
 * queue, delivered by the event-source harness to {@link IngestFunction}, written to DynamoDB,
 * read back through the head querier.
 */
class IngestFunctionOnEmulatorTest {
    private static final long T = 1_767_225_600_123L;

    private AwsEndpoint endpoint;
    private SqsClient sqs;
    private AwsResources.QueueWithDeadLetters queue;
    private DynamoDbHeadStore headStore;
    private S3ObjectStore objects;
    private IngestFunction function;

    @BeforeEach
    void createResources() {
        endpoint = AwsEmulator.endpoint();
        AwsResources resources = new AwsResources(endpoint);
        AwsResources.HeadTables tables = resources.createHeadTables();
        sqs = endpoint.sqs();
        queue = resources.createQueue(Duration.ofSeconds(1), 2);
        headStore = new DynamoDbHeadStore(endpoint.dynamoDb(), tables.seriesTable(), tables.segmentsTable());
        objects = new S3ObjectStore(endpoint.s3(), resources.createBucket(), "");
        function = new IngestFunction(new IngestService(new SegmentHeadWriter(headStore, HeadOptions.defaults()), objects));
    }

    @Test
    void samplesSentToTheQueueAreQueryableAfterIngest() {
        QueueAppendable sink = new QueueAppendable(new SqsMessageQueue(sqs, queue.queueUrl()), objects);
        for (int scrape = 0; scrape < 3; scrape++) {
            Appender appender = sink.appender();
            for (int cpu = 0; cpu < 4; cpu++) {
                appender.append(cpuSeries(cpu), T + scrape * 60_000L, 100.0 * cpu + scrape);
            }
            appender.commit();
        }

        List<SqsEventSourceHarness.Delivery> deliveries = harness().drain(event -> function.handleRequest(event, null), Duration.ofSeconds(1));

        assertThat(deliveries).allSatisfy(delivery -> assertThat(delivery.response().getBatchItemFailures()).isEmpty());
        List<Series> read = select("node_cpu_seconds_total");
        assertThat(read).hasSize(4);
        assertThat(read.get(2).labels().toString()).isEqualTo(cpuSeries(2).toString());
        assertThat(read.get(2).values()).containsExactly(200, 201, 202);
        assertThat(read.get(2).timestamps()).containsExactly(T, T + 60_000, T + 120_000);
    }

    @Test
    void aClaimCheckedBatchIsFetchedFromTheBucket() {
        QueueAppendable sink = new QueueAppendable(new SqsMessageQueue(sqs, queue.queueUrl()), objects,
                QueueAppendableOptions.defaults().withClaimCheckThresholdBytes(1));
        Appender appender = sink.appender();
        appender.append(cpuSeries(0), T, 42);
        appender.commit();

        harness().drain(event -> function.handleRequest(event, null), Duration.ofSeconds(1));

        assertThat(sink.claimChecksStored()).isEqualTo(1);
        assertThat(select("node_cpu_seconds_total")).singleElement()
                .satisfies(series -> assertThat(series.values()).containsExactly(42));
    }

    @Test
    void aRedeliveredMessageLeavesTheSameData() {
        QueueAppendable sink = new QueueAppendable(new SqsMessageQueue(sqs, queue.queueUrl()), objects);
        Appender appender = sink.appender();
        appender.append(cpuSeries(1), T, 7);
        appender.commit();
        var message = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queue.queueUrl())
                .messageAttributeNames("All").waitTimeSeconds(1).build()).messages().getFirst();

        // The same message handled twice, as at-least-once delivery allows.
        var event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
        var record = new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMessageAttributes(Map.of());
        event.setRecords(List.of(record));
        function.handleRequest(event, null);
        byte[] firstWrite = segmentBytes();
        function.handleRequest(event, null);

        assertThat(segmentBytes()).isEqualTo(firstWrite);
        assertThat(select("node_cpu_seconds_total")).singleElement()
                .satisfies(series -> assertThat(series.values()).containsExactly(7));
    }

    @Test
    void anUndecodableMessageIsReportedAndEndsInTheDeadLetterQueue() {
        SqsMessageQueue producer = new SqsMessageQueue(sqs, queue.queueUrl());
        producer.send("this is not base64 snappy protobuf!", QueueAppendable.remoteWriteAttributes());
        QueueAppendable sink = new QueueAppendable(producer, objects);
        Appender good = sink.appender();
        good.append(cpuSeries(3), T, 3);
        good.commit();

        SqsEventSourceHarness harness = harness();
        for (int attempt = 0; attempt < 6; attempt++) {
            harness.deliverOnce(event -> function.handleRequest(event, null), Duration.ofSeconds(2));
            sleep(Duration.ofMillis(1100)); // the visibility timeout, so the failed message comes back
        }

        assertThat(select("node_cpu_seconds_total")).singleElement()
                .satisfies(series -> assertThat(series.values()).containsExactly(3));
        var dead = sqs.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queue.deadLetterQueueUrl())
                .waitTimeSeconds(1).maxNumberOfMessages(10).build()).messages();
        assertThat(dead).singleElement().satisfies(message -> assertThat(message.body()).startsWith("this is not"));
    }

    private SqsEventSourceHarness harness() {
        return SqsEventSourceHarness.of(sqs, endpoint, queue);
    }

    private List<Series> select(String metric) {
        try (Querier querier = new HeadQueryable(headStore, HeadOptions.defaults()).querier(T - 3_600_000, T + 3_600_000)) {
            return querier.select(List.of(LabelMatcher.equal("__name__", metric)));
        }
    }

    private byte[] segmentBytes() {
        String partition = HeadOptions.defaults().partitionOf("node_cpu_seconds_total");
        return headStore.segments(partition, T - 3_600_000, T + 3_600_000).stream()
                .map(segment -> segment.key() + ":" + java.util.Arrays.toString(segment.data()))
                .sorted().reduce("", String::concat).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Labels cpuSeries(int cpu) {
        return Labels.of("__name__", "node_cpu_seconds_total", "cpu", Integer.toString(cpu), "mode", "idle",
                "job", "node", "instance", "localhost:9100");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
