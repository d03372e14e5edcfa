package io.promless.remote;

import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A queue fake that enforces the size limit the way SQS does and can refuse chosen sends. */
final class InMemoryQueue implements MessageQueue {
    private final int maxMessageBytes;
    private final List<QueueMessage> messages = new ArrayList<>();
    private final List<Integer> refusedSends;
    private int sends;

    InMemoryQueue(int maxMessageBytes) {
        this(maxMessageBytes, List.of());
    }

    /** Refuses the sends whose zero-based numbers are listed. */
    InMemoryQueue(int maxMessageBytes, List<Integer> refusedSends) {
        this.maxMessageBytes = maxMessageBytes;
        this.refusedSends = refusedSends;
    }

    @Override
    public synchronized String send(String body, Map<String, String> attributes) {
        int number = sends++;
        if (refusedSends.contains(number)) {
            throw new IllegalStateException("queue refused send " + number);
        }
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            size += attribute.getKey().length() + "String".length()
                    + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > maxMessageBytes) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds " + maxMessageBytes);
        }
        String id = "message-" + number;
        messages.add(new QueueMessage(id, body, attributes, "receipt-" + number));
        return id;
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public synchronized List<QueueMessage> receive(int max, Duration wait) {
        return List.copyOf(messages.subList(0, Math.min(max, messages.size())));
    }

    @Override
    public synchronized void acknowledge(QueueMessage message) {
        messages.removeIf(m -> m.id().equals(message.id()));
    }

    @Override
    public synchronized long depth() {
        return messages.size();
    }

    synchronized List<QueueMessage> messages() {
        return List.copyOf(messages);
    }
}
