package io.promless.api;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import java.util.List;
import java.util.function.Supplier;

/**
 * The active targets with the metric metadata of their last scrape, for
 * /api/v1/targets/metadata. A target's metadata is fetched only when the endpoint needs it
 * (after filtering by {@code match_target}), so a stored view reads only the matching targets.
 * Thread-safe; called once per request.
 */
@FunctionalInterface
public interface TargetMetadataView {
    /** Shows no targets. */
    TargetMetadataView NONE = List::of;

    /** The active targets in scrape pool order. */
    List<Target> targets();

    /**
     * @param labels the target's labels after relabeling
     * @param metadata the metadata its last scrape exposed, in exposition order
     */
    record Target(Labels labels, Supplier<List<MetricMetadata>> metadata) {
        public Target {
            requireNonNull(labels, "labels is null");
            requireNonNull(metadata, "metadata is null");
        }
    }
}
