package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;

/** A discovered target that {@code relabel_configs} dropped, kept for the targets API. */
public record DroppedTarget(String jobName, Labels discoveredLabels) {
    public DroppedTarget {
        requireNonNull(jobName, "jobName is null");
        requireNonNull(discoveredLabels, "discoveredLabels is null");
    }
}
