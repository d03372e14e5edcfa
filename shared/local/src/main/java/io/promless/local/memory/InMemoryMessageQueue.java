package io.promless.local.memory;

import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A queue in memory: received messages stay until acknowledged and come back on the next
 * receive only after {@link #redeliverUnacknowledged()}. For tests and benchmarks.
 */
public final class InMemoryMessageQueue implements MessageQueue {
    private final int maxMessageBytes;
    private final LinkedHashMap<String, QueueMessage> waiting = new LinkedHashMap<>();
    private final LinkedHashMap<String, QueueMessage> inFlight = new LinkedHashMap<>();

    public InMemoryMessageQueue() {
        this(256 * 1024);
    }

    public InMemoryMessageQueue(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public synchronized String send(String body, Map<String, String> attributes) {
        String id = UUID.randomUUID().toString();
        waiting.put(id, new QueueMessage(id, body, attributes, id));
        return id;
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public synchronized List<QueueMessage> receive(int max, Duration wait) {
        List<QueueMessage> received = new ArrayList<>();
        var iterator = waiting.entrySet().iterator();
        while (iterator.hasNext() && received.size() < max) {
            var entry = iterator.next();
            iterator.remove();
            inFlight.put(entry.getKey(), entry.getValue());
            received.add(entry.getValue());
        }
        return received;
    }

    @Override
    public synchronized void acknowledge(QueueMessage message) {
        inFlight.remove(message.id());
    }

    /** Puts every received but unacknowledged message back, as a visibility timeout would. */
    public synchronized void redeliverUnacknowledged() {
        waiting.putAll(inFlight);
        inFlight.clear();
    }

    @Override
    public synchronized long depth() {
        return waiting.size();
    }
}
