package io.promless.ingest;

import static java.util.Objects.requireNonNull;

/** One message of a batch that was not ingested; {@code detail} is a human-readable reason. */
public record MessageFailure(String messageId, FailureKind kind, String detail) {
    public MessageFailure {
        requireNonNull(messageId, "messageId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(detail, "detail is null");
    }
}
