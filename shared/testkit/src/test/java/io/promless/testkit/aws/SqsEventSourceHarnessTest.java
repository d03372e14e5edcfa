package io.promless.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.promless.testkit.aws.SqsEventSourceHarness.Delivery;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

class SqsEventSourceHarnessTest {
    private static final Duration VISIBILITY = Duration.ofSeconds(1);
    private static final Function<SQSEvent, SQSBatchResponse> ACCEPT_ALL = event -> new SQSBatchResponse(List.of());

    private static AwsEndpoint endpoint;
    private static SqsClient sqs;
    private AwsResources.QueueWithDeadLetters queue;
    private SqsEventSourceHarness harness;

    @BeforeAll
    static void connect() {
        endpoint = AwsEmulator.endpoint();
        sqs = endpoint.sqs();
    }

    @AfterAll
    static void disconnect() {
        sqs.close();
    }

    @BeforeEach
    void createQueue() {
        queue = new AwsResources(endpoint).createQueue(VISIBILITY, 2);
        harness = SqsEventSourceHarness.of(sqs, endpoint, queue);
    }

    private String send(String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new java.util.HashMap<>();
        attributes.forEach((name, value) ->
                values.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return sqs.sendMessage(request -> request.queueUrl(queue.queueUrl()).messageBody(body).messageAttributes(values))
                .messageId();
    }

    @Test
    void eventCarriesWhatLambdaSends() throws Exception {
        String id = send("remote-write payload", Map.of("content-encoding", "snappy"));
        Delivery delivery = harness.deliverOnce(ACCEPT_ALL, Duration.ofSeconds(2)).orElseThrow();

        assertThat(delivery.event().getRecords()).singleElement().satisfies(record -> {
            assertThat(record.getMessageId()).isEqualTo(id);
            assertThat(record.getReceiptHandle()).isNotEmpty();
            assertThat(record.getBody()).isEqualTo("remote-write payload");
            assertThat(record.getMd5OfBody()).isEqualTo(md5Hex("remote-write payload"));
            assertThat(record.getEventSource()).isEqualTo("aws:sqs");
            assertThat(record.getEventSourceArn()).isEqualTo(queue.queueArn()).startsWith("arn:aws:sqs:us-east-1:");
            assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
            assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1")
                    .containsKeys("SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp");
            assertThat(record.getMessageAttributes()).containsOnlyKeys("content-encoding");
            SQSEvent.MessageAttribute attribute = record.getMessageAttributes().get("content-encoding");
            assertThat(attribute.getStringValue()).isEqualTo("snappy");
            assertThat(attribute.getDataType()).isEqualTo("String");
            assertThat(attribute.getStringListValues()).isEmpty();
            assertThat(attribute.getBinaryListValues()).isEmpty();
        });
        assertThat(delivery.deletedIds()).containsExactly(id);
        assertThat(delivery.failedIds()).isEmpty();
        assertThat(harness.deliverOnce(ACCEPT_ALL, Duration.ofSeconds(2))).as("deleted after success").isEmpty();
    }

    @Test
    void reportedFailuresStayAndComeBackOthersAreDeleted() {
        String good1 = send("good 1", Map.of());
        String bad = send("bad", Map.of());
        String good2 = send("good 2", Map.of());
        Function<SQSEvent, SQSBatchResponse> failBad = failing("bad");

        List<Delivery> first = receiveAll(failBad, 3);
        assertThat(first.stream().flatMap(delivery -> delivery.deletedIds().stream())).containsExactlyInAnyOrder(good1, good2);
        assertThat(first.stream().flatMap(delivery -> delivery.failedIds().stream())).containsExactly(bad);

        Delivery again = harness.deliverOnce(ACCEPT_ALL, Duration.ofSeconds(5)).orElseThrow();
        assertThat(again.event().getRecords()).singleElement().satisfies(record -> {
            assertThat(record.getMessageId()).isEqualTo(bad);
            assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
        });
        assertThat(harness.deliverOnce(ACCEPT_ALL, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void messageThatKeepsFailingMovesToTheDeadLetterQueue() throws InterruptedException {
        String id = send("undecodable", Map.of("k", "v"));
        Function<SQSEvent, SQSBatchResponse> failAll = failing("undecodable");

        int invocations = 0;
        List<Message> deadLetters = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && deadLetters.isEmpty()) {
            if (harness.deliverOnce(failAll, Duration.ofSeconds(2)).isPresent()) {
                invocations++;
            }
            deadLetters = deadLetters();
        }
        assertThat(invocations).isEqualTo(queue.maxReceiveCount());
        assertThat(deadLetters).singleElement().satisfies(message -> {
            assertThat(message.messageId()).isEqualTo(id);
            assertThat(message.body()).isEqualTo("undecodable");
        });
        assertThat(harness.deliverOnce(failAll, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void handlerExceptionFailsTheWholeBatch() {
        send("a", Map.of());
        Delivery delivery = harness.deliverOnce(event -> {
            throw new IllegalStateException("handler crashed");
        }, Duration.ofSeconds(2)).orElseThrow();
        assertThat(delivery.handlerError()).hasMessage("handler crashed");
        assertThat(delivery.deletedIds()).isEmpty();
        assertThat(delivery.failedIds()).hasSize(1);
        assertThat(harness.deliverOnce(ACCEPT_ALL, Duration.ofSeconds(5))).isPresent();
    }

    @Test
    void unknownItemIdentifierFailsTheWholeBatch() {
        send("a", Map.of());
        send("b", Map.of());
        List<Delivery> deliveries = receiveAll(event -> new SQSBatchResponse(
                List.of(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier("not-in-batch").build())), 2);
        assertThat(deliveries.stream().flatMap(delivery -> delivery.deletedIds().stream())).isEmpty();
        assertThat(deliveries.stream().mapToInt(delivery -> delivery.failedIds().size()).sum()).isEqualTo(2);
    }

    @Test
    void nullResponseMeansEverythingSucceeded() {
        send("a", Map.of());
        Delivery delivery = harness.deliverOnce(event -> null, Duration.ofSeconds(2)).orElseThrow();
        assertThat(delivery.deletedIds()).hasSize(1);
    }

    private List<Delivery> receiveAll(Function<SQSEvent, SQSBatchResponse> handler, int messages) {
        List<Delivery> deliveries = new ArrayList<>();
        int seen = 0;
        while (seen < messages) {
            Delivery delivery = harness.deliverOnce(handler, Duration.ofSeconds(2)).orElseThrow();
            deliveries.add(delivery);
            seen += delivery.event().getRecords().size();
        }
        return deliveries;
    }

    private static Function<SQSEvent, SQSBatchResponse> failing(String body) {
        return event -> new SQSBatchResponse(event.getRecords().stream()
                .filter(record -> record.getBody().equals(body))
                .map(record -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build())
                .toList());
    }

    private List<Message> deadLetters() {
        return sqs.receiveMessage(request -> request.queueUrl(queue.deadLetterQueueUrl()).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
    }

    private static String md5Hex(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }
}
