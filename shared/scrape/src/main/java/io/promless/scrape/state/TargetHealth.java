package io.promless.scrape.state;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one target's latest scrape, as /api/v1/targets shows it, plus the digest of the
 * {@link TargetSeriesState} that scrape left behind: a container whose cached state has another
 * digest knows it is outdated without reading the series.
 *
 * @param targetId {@link TargetSeriesState#idOf} of the target
 * @param stateDigest {@link TargetSeriesState#digest()} after the scrape
 * @param lastError "" when the scrape succeeded
 */
public record TargetHealth(
        String targetId,
        String stateDigest,
        long lastScrapeMillis,
        long lastScrapeDurationNanos,
        boolean up,
        String lastError,
        int samplesScraped,
        int samplesPostMetricRelabeling) {
    public TargetHealth {
        requireNonNull(targetId, "targetId is null");
        requireNonNull(stateDigest, "stateDigest is null");
        requireNonNull(lastError, "lastError is null");
    }
}
