package io.promless.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MessageQueue} adapter shares: at-least-once delivery, stable ids,
 * visibility timeouts, attributes and the SQS message limits. Subclasses return a fresh, empty
 * queue for each call.
 */
public abstract class MessageQueueContract {
    /** The visibility timeout the redelivery tests use; short so they stay fast. */
    protected static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SHORT_WAIT = Duration.ofMillis(200);
    private static final Duration LONG_WAIT = Duration.ofSeconds(5);

    /** A new empty queue whose unacknowledged messages reappear after {@code visibilityTimeout}. */
    protected abstract MessageQueue createQueue(Duration visibilityTimeout);

    private MessageQueue createQueue() {
        return createQueue(Duration.ofSeconds(30));
    }

    @Test
    void sentMessageIsReceivedWithBodyAttributesAndId() {
        MessageQueue queue = createQueue();
        String id = queue.send("payload ünïcödé 名前\nline two", Map.of("encoding", "snappy", "tenant", "a-1"));
        List<QueueMessage> received = queue.receive(10, LONG_WAIT);
        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.id()).isEqualTo(id);
            assertThat(message.body()).isEqualTo("payload ünïcödé 名前\nline two");
            assertThat(message.attributes()).isEqualTo(Map.of("encoding", "snappy", "tenant", "a-1"));
            assertThat(message.receipt()).isNotEmpty();
        });
    }

    @Test
    void messageWithoutAttributesHasAnEmptyMap() {
        MessageQueue queue = createQueue();
        queue.send("x", Map.of());
        assertThat(queue.receive(1, LONG_WAIT)).singleElement()
                .satisfies(message -> assertThat(message.attributes()).isEmpty());
    }

    @Test
    void sendReturnsDistinctIds() {
        MessageQueue queue = createQueue();
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> queue.send("m" + i, Map.of())).toList();
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotEmpty());
    }

    @Test
    void acknowledgedMessageIsGoneForGood() throws InterruptedException {
        MessageQueue queue = createQueue(VISIBILITY_TIMEOUT);
        queue.send("once", Map.of());
        QueueMessage message = queue.receive(1, LONG_WAIT).getFirst();
        queue.acknowledge(message);
        TimeUnit.MILLISECONDS.sleep(VISIBILITY_TIMEOUT.toMillis() + 300);
        assertThat(queue.receive(10, SHORT_WAIT)).isEmpty();
        assertThat(queue.depth()).isZero();
    }

    @Test
    void receivedMessageIsHiddenUntilTheVisibilityTimeoutThenRedeliveredWithTheSameId() {
        MessageQueue queue = createQueue(VISIBILITY_TIMEOUT);
        String id = queue.send("retry me", Map.of("k", "v"));
        QueueMessage first = queue.receive(1, LONG_WAIT).getFirst();
        assertThat(queue.receive(1, Duration.ZERO)).as("hidden while in flight").isEmpty();

        QueueMessage second = receiveOne(queue, Duration.ofSeconds(10));
        assertThat(second.id()).isEqualTo(id).isEqualTo(first.id());
        assertThat(second.body()).isEqualTo("retry me");
        assertThat(second.attributes()).containsEntry("k", "v");
        assertThat(second.receipt()).isNotEqualTo(first.receipt());

        queue.acknowledge(second);
        assertThat(queue.receive(1, Duration.ofMillis(VISIBILITY_TIMEOUT.toMillis() + 500))).isEmpty();
    }

    @Test
    void receiveReturnsAtMostMaxAndEveryMessageArrives() {
        MessageQueue queue = createQueue();
        Map<String, String> sent = new HashMap<>();
        for (int i = 0; i < 7; i++) {
            sent.put(queue.send("message " + i, Map.of()), "message " + i);
        }
        List<QueueMessage> firstBatch = queue.receive(3, LONG_WAIT);
        assertThat(firstBatch).hasSizeBetween(1, 3);

        List<QueueMessage> all = new ArrayList<>(firstBatch);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (all.size() < sent.size() && System.nanoTime() < deadline) {
            all.addAll(queue.receive(10, Duration.ofSeconds(1)));
        }
        assertThat(all.stream().collect(Collectors.toMap(QueueMessage::id, QueueMessage::body))).isEqualTo(sent);
    }

    @Test
    void emptyQueueReturnsNothingAfterWaiting() {
        MessageQueue queue = createQueue();
        assertThat(queue.receive(10, SHORT_WAIT)).isEmpty();
        assertThat(queue.receive(10, Duration.ZERO)).isEmpty();
    }

    @Test
    void waitingReceiveGetsAMessageSentWhileItWaits() throws Exception {
        MessageQueue queue = createQueue();
        CompletableFuture<List<QueueMessage>> waiting = CompletableFuture.supplyAsync(() -> queue.receive(1, LONG_WAIT));
        TimeUnit.MILLISECONDS.sleep(300);
        queue.send("late", Map.of());
        assertThat(waiting.get(10, TimeUnit.SECONDS)).singleElement()
                .satisfies(message -> assertThat(message.body()).isEqualTo("late"));
    }

    @Test
    void depthCountsWaitingMessages() {
        MessageQueue queue = createQueue();
        assertThat(queue.depth()).isZero();
        for (int i = 0; i < 3; i++) {
            queue.send("m" + i, Map.of());
        }
        assertThat(queue.depth()).isEqualTo(3);
    }

    @Test
    void messageNearTheSizeLimitRoundTrips() {
        MessageQueue queue = createQueue();
        String body = "b".repeat(queue.maxMessageBytes() - 100);
        queue.send(body, Map.of("size", "large"));
        assertThat(queue.receive(1, LONG_WAIT)).singleElement()
                .satisfies(message -> assertThat(message.body()).isEqualTo(body));
    }

    @Test
    void oversizedMessageIsRejectedWithAClearError() {
        MessageQueue queue = createQueue();
        assertThat(queue.maxMessageBytes()).isEqualTo(262_144);
        assertThatThrownBy(() -> queue.send("b".repeat(queue.maxMessageBytes() + 1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        // Attributes count towards the limit: name, type and value.
        assertThatThrownBy(() -> queue.send("b".repeat(queue.maxMessageBytes() - 5), Map.of("attribute", "value")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        assertThat(queue.receive(10, SHORT_WAIT)).isEmpty();
    }

    @Test
    void invalidMessagesAreRejectedWithAClearError() {
        MessageQueue queue = createQueue();
        assertThatThrownBy(() -> queue.send("", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> queue.send("nul \u0000 char", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0000");
        Map<String, String> eleven = new HashMap<>();
        IntStream.range(0, 11).forEach(i -> eleven.put("a" + i, "v"));
        assertThatThrownBy(() -> queue.send("x", eleven)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 10");
        assertThatThrownBy(() -> queue.send("x", Map.of("bad name", "v"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad name");
        assertThatThrownBy(() -> queue.send("x", Map.of("AWS.reserved", "v"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.send("x", Map.of("k", ""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty value");
        assertThatThrownBy(() -> queue.receive(0, SHORT_WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.receive(10, SHORT_WAIT)).isEmpty();
    }

    private static QueueMessage receiveOne(MessageQueue queue, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<QueueMessage> batch = queue.receive(1, Duration.ofSeconds(1));
            if (!batch.isEmpty()) {
                return batch.getFirst();
            }
        }
        throw new AssertionError("no message within " + within);
    }
}
