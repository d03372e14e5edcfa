package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

/**
 * Samples of one series headed for one segment. Timestamps may arrive in any order; the
 * encoder sorts them and keeps the first of duplicate timestamps. The arrays are not copied.
 */
public record SeriesSamples(long seriesId, long[] timestamps, double[] values) {
    public SeriesSamples {
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
