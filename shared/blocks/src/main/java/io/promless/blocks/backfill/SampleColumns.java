package io.promless.blocks.backfill;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.Arrays;

/** The samples of one series in one window, in arrival order until sorted. Not thread-safe. */
final class SampleColumns {
    private long[] timestamps = new long[8];
    private double[] values = new double[8];
    private int size;
    private boolean sorted = true;

    void add(long timestamp, double value) {
        if (size == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && timestamp <= timestamps[size - 1]) {
            sorted = false;
        }
        timestamps[size] = timestamp;
        values[size] = value;
        size++;
    }

    /** Sorts by timestamp; of equal timestamps the first added stays. Returns how many were dropped. */
    int sortKeepingFirst() {
        if (sorted) {
            return 0;
        }
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // A stable sort keeps arrival order among equal timestamps, so the first comes first.
        Arrays.sort(order, (left, right) -> Long.compare(timestamps[left], timestamps[right]));
        long[] sortedTimes = new long[size];
        double[] sortedValues = new double[size];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            long timestamp = timestamps[order[i]];
            if (kept > 0 && sortedTimes[kept - 1] == timestamp) {
                continue;
            }
            sortedTimes[kept] = timestamp;
            sortedValues[kept++] = values[order[i]];
        }
        int dropped = size - kept;
        timestamps = sortedTimes;
        values = sortedValues;
        size = kept;
        sorted = true;
        return dropped;
    }

    Series toSeries(Labels labels) {
        return new Series(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
    }
}
