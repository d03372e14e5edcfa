package io.promless.ports;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An at-least-once queue of text messages (SQS, or a directory of files locally). A received
 * message stays in the queue until acknowledged; unacknowledged ones come back later, so
 * consumers must be idempotent. Thread-safe.
 */
public interface MessageQueue {
    /** Enqueues a message; returns its id. Throws when the message was not accepted. */
    String send(String body, Map<String, String> attributes);

    /** The largest body plus attributes, in bytes, that {@link #send} accepts. */
    int maxMessageBytes();

    /** Up to {@code max} messages, waiting at most {@code wait} for the first. */
    List<QueueMessage> receive(int max, Duration wait);

    /** Removes a received message for good. */
    void acknowledge(QueueMessage message);

    /** Messages waiting (approximate for remote queues). */
    long depth();
}
