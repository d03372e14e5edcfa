package io.promless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.ports.MessageQueue;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.contract.MessageQueueContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.SqsClient;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsMessageQueueTest extends MessageQueueContract {
    private SqsClient sqs;

    /** The emulator these tests run against; the LocalStack profile overrides it. */
    protected AwsEndpoint endpoint() {
        return AwsEmulator.endpoint();
    }

    @BeforeAll
    void connect() {
        sqs = endpoint().sqs();
    }

    @AfterAll
    void close() {
        sqs.close();
    }

    @Override
    protected MessageQueue createQueue(Duration visibilityTimeout) {
        return new SqsMessageQueue(sqs, new AwsResources(endpoint()).createQueue(visibilityTimeout, 5).queueUrl());
    }

    @Test
    void countersTrackTraffic() {
        SqsMessageQueue queue = (SqsMessageQueue) createQueue(Duration.ofSeconds(30));
        queue.send("a", Map.of());
        queue.send("b", Map.of());
        queue.receive(10, Duration.ofSeconds(2)).forEach(queue::acknowledge);
        assertThat(queue.messagesSent()).isEqualTo(2);
        assertThat(queue.messagesReceived()).isBetween(1L, 2L);
        assertThat(queue.messagesAcknowledged()).isEqualTo(queue.messagesReceived());
        assertThat(queue.requests()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void configuredLimitApplies() {
        String url = new AwsResources(endpoint()).createQueue(Duration.ofSeconds(30), 5).queueUrl();
        SqsMessageQueue queue = new SqsMessageQueue(sqs, url, 100);
        assertThat(queue.maxMessageBytes()).isEqualTo(100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.send("x".repeat(101), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101 bytes exceeds the queue limit of 100");
        assertThat(queue.requests()).isZero();
    }
}
