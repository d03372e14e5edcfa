package io.promless.api;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.util.List;

/**
 * The head (the recent, not yet compacted data) as /api/v1/status/tsdb summarises it. The
 * composition root fills it from the head store; the API derives the cardinality statistics
 * from the series list. Called once per request; may be slow for a large head, as the page is
 * rarely asked for. Thread-safe.
 */
@FunctionalInterface
public interface HeadStatusView {
    HeadStatus headStatus();

    /**
     * @param chunkCount how many sample chunks (segments) the head holds
     * @param minTime the oldest sample's time in the head, epoch milliseconds
     * @param maxTime the newest sample's time in the head, epoch milliseconds
     * @param series the labels of every series in the head
     */
    record HeadStatus(long chunkCount, long minTime, long maxTime, List<Labels> series) {
        public HeadStatus {
            series = List.copyOf(requireNonNull(series, "series is null"));
        }
    }
}
