package io.promless.remote;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;

/**
 * One remote-write TimeSeries exactly as it came off (or goes onto) the wire: labels in wire
 * order, possibly unsorted, duplicated or with empty values, and samples in wire order. The
 * receiver validates them (see the ingest module) before they become a {@link Series}.
 *
 * <p>The arrays are shared, not copied: whoever builds the record hands them over and nobody
 * modifies them afterwards. {@code labelsValidUtf8} is false when a label name or value was not
 * valid UTF-8 on the wire (the strings then hold U+FFFD replacements).
 *
 * <p>{@code validLabels} is null unless the decoder found the labels already as the receiver
 * wants them (valid UTF-8, valid names, strictly ascending, no empty value, a metric name), in
 * which case it is those labels as a {@link Labels}, shared by every request that carries the
 * same label bytes, so its hash is computed once. Validation may then skip its checks.
 */
public record RemoteTimeSeries(
        String[] labelNames,
        String[] labelValues,
        long[] timestamps,
        double[] values,
        boolean labelsValidUtf8,
        Labels validLabels) {
    public RemoteTimeSeries(String[] labelNames, String[] labelValues, long[] timestamps, double[] values,
            boolean labelsValidUtf8) {
        this(labelNames, labelValues, timestamps, values, labelsValidUtf8, null);
    }

    public RemoteTimeSeries {
        requireNonNull(labelNames, "labelNames is null");
        requireNonNull(labelValues, "labelValues is null");
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        if (labelNames.length != labelValues.length) {
            throw new IllegalArgumentException("labelNames and labelValues differ in length");
        }
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    /** The wire form of a stored series (labels already sorted and unique). */
    public static RemoteTimeSeries of(Series series) {
        requireNonNull(series, "series is null");
        int size = series.labels().size();
        String[] names = new String[size];
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            names[i] = series.labels().name(i);
            values[i] = series.labels().value(i);
        }
        return new RemoteTimeSeries(names, values, series.timestamps(), series.values(), true);
    }

    public int labelCount() {
        return labelNames.length;
    }

    public int sampleCount() {
        return timestamps.length;
    }
}
