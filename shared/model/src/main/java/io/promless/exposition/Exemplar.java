package io.promless.exposition;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;

/** An OpenMetrics exemplar: its own labels, a value and an optional timestamp. */
public record Exemplar(Labels labels, double value, long timestampMillis) {
    public Exemplar {
        requireNonNull(labels, "labels is null");
    }
}
