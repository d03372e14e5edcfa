package io.promless.ingest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of ingesting one batch of queue messages. Messages not listed in
 * {@link #failures()} were written completely (minus rejected series and samples, which are
 * dropped for good as Prometheus drops them) and may be acknowledged.
 *
 * @param messagesOk messages written (possibly with some series rejected)
 * @param seriesWritten series handed to the head writer, after merging repeats within a message
 * @param samplesWritten samples handed to the head writer
 * @param seriesRejected series dropped for invalid labels (missing metric name, invalid or duplicate label names, invalid UTF-8)
 * @param samplesRejected samples dropped: those of rejected series, and a second, different value for a timestamp already seen
 * @param duplicateSamplesDropped exact repeats (same timestamp, same value bits) removed
 * @param failures messages not ingested, in batch order
 */
public record BatchResult(
        int messagesOk,
        long seriesWritten,
        long samplesWritten,
        long seriesRejected,
        long samplesRejected,
        long duplicateSamplesDropped,
        List<MessageFailure> failures) {
    public BatchResult {
        failures = List.copyOf(requireNonNull(failures, "failures is null"));
    }

    public boolean allSucceeded() {
        return failures.isEmpty();
    }

    /** Ids of failed messages, e.g. for SQS {@code batchItemFailures}. */
    public List<String> failedMessageIds() {
        return failures.stream().map(MessageFailure::messageId).toList();
    }
}
