package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one scrape of one target did; the same figures the synthetic series report.
 * {@code error} says why a scrape failed (up=0) or why its samples could not be stored.
 */
public record ScrapeResult(
        ScrapeTarget target,
        long timestampMillis,
        boolean up,
        double durationSeconds,
        int samplesScraped,
        int samplesPostMetricRelabeling,
        int seriesAdded,
        int staleMarkers,
        Optional<String> error) {
    public ScrapeResult {
        requireNonNull(target, "target is null");
        requireNonNull(error, "error is null");
    }
}
