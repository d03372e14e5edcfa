package io.promless.promql.value;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;

/** One element of an instant vector. */
public record VectorSample(Labels labels, long timestamp, double value) {
    public VectorSample {
        requireNonNull(labels, "labels is null");
    }
}
