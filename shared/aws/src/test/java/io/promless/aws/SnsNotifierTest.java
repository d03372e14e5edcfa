package io.promless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.ports.Notifier;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.contract.NotifierContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Delivers through a real (emulated) topic to an SQS queue subscribed to it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnsNotifierTest extends NotifierContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SnsClient sns;
    private SqsClient sqs;
    private String subscriberQueueUrl;
    private final List<Delivered> received = new ArrayList<>();

    /** The emulator these tests run against; the LocalStack profile overrides it. */
    protected AwsEndpoint endpoint() {
        return AwsEmulator.endpoint();
    }

    @BeforeAll
    void connect() {
        sns = endpoint().sns();
        sqs = endpoint().sqs();
    }

    @AfterAll
    void close() {
        sns.close();
        sqs.close();
    }

    @Override
    protected Notifier createNotifier() {
        received.clear();
        AwsResources resources = new AwsResources(endpoint());
        String topicArn = resources.createTopic();
        AwsResources.QueueWithDeadLetters subscriber = resources.createQueue(Duration.ofSeconds(30), 5);
        subscriberQueueUrl = subscriber.queueUrl();
        sns.subscribe(request -> request.topicArn(topicArn).protocol("sqs").endpoint(subscriber.queueArn()));
        return new SnsNotifier(sns, topicArn);
    }

    @Override
    protected List<Delivered> delivered(int expected, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (received.size() < expected && System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(request -> request.queueUrl(subscriberQueueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                received.add(fromEnvelope(message.body()));
            }
        }
        return List.copyOf(received);
    }

    private static Delivered fromEnvelope(String body) {
        try {
            JsonNode envelope = JSON.readTree(body);
            return new Delivered(envelope.path("Subject").asText(""), envelope.path("Message").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("not an SNS envelope: " + body, e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "plain subject|plain subject",
        "'  padded  '|padded",
        "tab\there|tab here",
        "Température|Temp?rature"})
    void subjectsAreMadeToFitSns(String subject, String expected) {
        assertThat(SnsNotifier.fitSubject(subject)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void longSubjectIsCutBelowOneHundredCharacters() {
        assertThat(SnsNotifier.fitSubject("x".repeat(300))).hasSize(SnsNotifier.MAX_SUBJECT_CHARS);
    }

    @org.junit.jupiter.api.Test
    void oversizedMessageIsCutWithAMarkerAndStillDelivered() {
        SnsNotifier notifier = (SnsNotifier) createNotifier();
        notifier.publish("big", "é".repeat(SnsNotifier.MAX_MESSAGE_BYTES));
        assertThat(notifier.notificationsTruncated()).isEqualTo(1);
        assertThat(delivered(1, Duration.ofSeconds(10))).singleElement().satisfies(item -> {
            assertThat(item.message()).endsWith("\n[truncated]").startsWith("éé");
            assertThat(item.message().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(SnsNotifier.MAX_MESSAGE_BYTES);
        });
    }
}
