package io.promless.local.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import io.promless.testkit.contract.MessageQueueContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMessageQueueTest extends MessageQueueContract {
    private static final AtomicInteger QUEUES = new AtomicInteger();

    @TempDir
    Path directory;

    @Override
    protected MessageQueue createQueue(Duration visibilityTimeout) {
        return new FileMessageQueue(directory.resolve("q" + QUEUES.incrementAndGet()), visibilityTimeout,
                FileMessageQueue.DEFAULT_MAX_MESSAGE_BYTES);
    }

    @Test
    void unacknowledgedMessagesSurviveARestartWithTheirIds() {
        FileMessageQueue before = new FileMessageQueue(directory);
        String kept = before.send("kept", Map.of("a", "1"));
        String done = before.send("done", Map.of());
        List<QueueMessage> received = before.receive(10, Duration.ofSeconds(1));
        received.stream().filter(message -> message.id().equals(done)).forEach(before::acknowledge);

        FileMessageQueue after = new FileMessageQueue(directory);
        assertThat(after.depth()).isEqualTo(1);
        assertThat(after.receive(10, Duration.ofSeconds(1))).singleElement().satisfies(message -> {
            assertThat(message.id()).isEqualTo(kept);
            assertThat(message.body()).isEqualTo("kept");
            assertThat(message.attributes()).isEqualTo(Map.of("a", "1"));
        });
        String next = after.send("next", Map.of());
        assertThat(next).isNotIn(kept, done);
        assertThat(next.compareTo(kept)).as("later messages sort later").isPositive();
    }

    @Test
    void messagesArriveOldestFirst() {
        FileMessageQueue queue = new FileMessageQueue(directory);
        for (int i = 0; i < 12; i++) {
            queue.send("m" + i, Map.of());
        }
        assertThat(queue.receive(12, Duration.ZERO)).extracting(QueueMessage::body)
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11");
    }

    @Test
    void staleReceiptDoesNotDeleteARedeliveredMessage() throws InterruptedException {
        FileMessageQueue queue = new FileMessageQueue(directory, Duration.ofMillis(100), 1024);
        queue.send("m", Map.of());
        QueueMessage first = queue.receive(1, Duration.ZERO).getFirst();
        Thread.sleep(150);
        QueueMessage second = queue.receive(1, Duration.ZERO).getFirst();
        queue.acknowledge(first);
        assertThat(queue.unacknowledged()).isEqualTo(1);
        queue.acknowledge(second);
        assertThat(queue.unacknowledged()).isZero();
        assertThat(queue.messagesAcknowledged()).isEqualTo(1);
    }

    @Test
    void damagedMessageFileIsSetAsideAndCounted() throws IOException {
        FileMessageQueue writer = new FileMessageQueue(directory);
        String id = writer.send("will be damaged", Map.of());
        writer.send("fine", Map.of());
        Files.write(directory.resolve("messages").resolve(id), new byte[] {1, 2, 3});

        FileMessageQueue reader = new FileMessageQueue(directory);
        assertThat(reader.receive(10, Duration.ZERO)).extracting(QueueMessage::body).containsExactly("fine");
        assertThat(reader.messagesCorrupt()).isEqualTo(1);
        assertThat(directory.resolve("corrupt").resolve(id)).exists();
    }

    @Test
    void configuredLimitApplies() {
        FileMessageQueue queue = new FileMessageQueue(directory, Duration.ofSeconds(1), 10);
        assertThat(queue.maxMessageBytes()).isEqualTo(10);
        queue.send("0123456789", Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> queue.send("0123456789x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11 bytes exceeds");
    }
}
