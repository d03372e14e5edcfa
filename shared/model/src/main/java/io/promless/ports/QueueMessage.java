package io.promless.ports;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A message received from a queue. {@code id} is stable across redeliveries of the same
 * message (SQS MessageId); {@code receipt} identifies this delivery for acknowledging it.
 */
public record QueueMessage(String id, String body, Map<String, String> attributes, String receipt) {
    public QueueMessage {
        requireNonNull(id, "id is null");
        requireNonNull(body, "body is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
        requireNonNull(receipt, "receipt is null");
    }
}
