package io.promless.storage;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;

/**
 * One series read from storage: its labels and its float samples in ascending timestamp
 * order, without duplicate timestamps. The arrays are owned by the reader; do not modify.
 */
public record Series(Labels labels, long[] timestamps, double[] values) {
    public Series {
        requireNonNull(labels, "labels is null");
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public int size() {
        return timestamps.length;
    }
}
