package io.promless.exposition;

import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import java.util.List;

/**
 * Receives what a parser reads from one scrape body, in body order. Labels include
 * {@code __name__}. Single-threaded.
 */
public interface ScrapeHandler {
    /** Sentinel for a sample without an explicit timestamp. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /** HELP/TYPE/UNIT of a metric family, reported once the family's metadata lines are read. */
    void metadata(MetricMetadata metadata);

    /** One sample; {@code timestampMillis} is {@link #NO_TIMESTAMP} when the line had none. */
    void sample(Labels labels, double value, long timestampMillis);

    /**
     * Names the sample just reported set to the empty value (absent from its label set). Called
     * only when there are some. Scraping needs them: with {@code honor_labels: true} a label the
     * exposition set, even to empty, is not filled in from the target (the Pushgateway exposes
     * {@code instance=""} for groups pushed without an instance for exactly this).
     */
    default void emptyLabels(List<String> names) {}

    /** An exemplar attached to the sample just reported (OpenMetrics only). */
    default void exemplar(Labels sampleLabels, Exemplar exemplar) {}
}
