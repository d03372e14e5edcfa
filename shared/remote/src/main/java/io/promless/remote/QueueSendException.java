package io.promless.remote;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import java.util.List;

/**
 * Thrown by {@link QueueAppendable}'s commit when some messages of a batch were not accepted.
 * Every message of the batch was attempted; {@link #sentMessageIds()} lists those the queue
 * accepted, whose samples will be ingested. Retrying the whole batch is safe: re-sent samples
 * carry the same timestamps and readers de-duplicate by timestamp.
 */
public final class QueueSendException extends PromlessException {
    private final List<String> sentMessageIds;
    private final int failedMessages;
    private final long failedSamples;

    public QueueSendException(List<String> sentMessageIds, int failedMessages, long failedSamples, Throwable cause) {
        super(ErrorType.UNAVAILABLE,
                failedMessages + " of " + (failedMessages + sentMessageIds.size())
                        + " remote-write messages not sent (" + failedSamples + " samples): "
                        + requireNonNull(cause, "cause is null").getMessage(),
                cause);
        this.sentMessageIds = List.copyOf(sentMessageIds);
        this.failedMessages = failedMessages;
        this.failedSamples = failedSamples;
    }

    public List<String> sentMessageIds() {
        return sentMessageIds;
    }

    public int failedMessages() {
        return failedMessages;
    }

    public long failedSamples() {
        return failedSamples;
    }
}
