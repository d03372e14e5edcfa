package io.promless.blocks.query;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges series read from several sources into one list sorted by labels: samples of the same
 * series are interleaved by timestamp and a timestamp present in several sources is kept once,
 * from the earliest source given. Not thread-safe; one per query.
 */
public final class SeriesMerger {
    private final Map<Labels, List<Series>> byLabels = new TreeMap<>();

    /** Adds one source's series; call in priority order. */
    public void add(List<Series> series) {
        for (Series one : series) {
            byLabels.computeIfAbsent(one.labels(), labels -> new ArrayList<>(2)).add(one);
        }
    }

    public List<Series> merged() {
        List<Series> result = new ArrayList<>(byLabels.size());
        for (List<Series> parts : byLabels.values()) {
            Series merged = parts.get(0);
            for (int i = 1; i < parts.size(); i++) {
                merged = merge(merged, parts.get(i));
            }
            result.add(merged);
        }
        return result;
    }

    /** Both inputs ascending and duplicate-free; on equal timestamps the first wins. */
    static Series merge(Series first, Series second) {
        if (second.size() == 0) {
            return first;
        }
        if (first.size() == 0) {
            return second;
        }
        long[] leftTimes = first.timestamps();
        long[] rightTimes = second.timestamps();
        double[] leftValues = first.values();
        double[] rightValues = second.values();
        long[] timestamps = new long[leftTimes.length + rightTimes.length];
        double[] values = new double[timestamps.length];
        int left = 0;
        int right = 0;
        int size = 0;
        while (left < leftTimes.length || right < rightTimes.length) {
            boolean takeLeft = right >= rightTimes.length
                    || (left < leftTimes.length && leftTimes[left] <= rightTimes[right]);
            if (takeLeft) {
                if (right < rightTimes.length && leftTimes[left] == rightTimes[right]) {
                    right++;
                }
                timestamps[size] = leftTimes[left];
                values[size++] = leftValues[left++];
            } else {
                timestamps[size] = rightTimes[right];
                values[size++] = rightValues[right++];
            }
        }
        return new Series(first.labels(), Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
    }
}
