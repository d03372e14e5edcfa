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
            if (parts.size() == 1) {
                result.add(parts.get(0));
                continue;
            }
            Series merged = concatenateIfDisjoint(parts);
            if (merged == null) {
                merged = parts.get(0);
                for (int i = 1; i < parts.size(); i++) {
                    merged = merge(merged, parts.get(i));
                }
            }
            result.add(merged);
        }
        return result;
    }

    /**
     * The common case of blocks read in time order: each part starts after the previous one
     * ends, so one copy joins them (merging pairwise would copy the samples once per part).
     * Null when parts overlap or are out of order.
     */
    private static Series concatenateIfDisjoint(List<Series> parts) {
        int total = 0;
        long previousLast = Long.MIN_VALUE;
        boolean first = true;
        for (Series part : parts) {
            if (part.size() == 0) {
                continue;
            }
            if (!first && part.timestamps()[0] <= previousLast) {
                return null;
            }
            first = false;
            previousLast = part.timestamps()[part.size() - 1];
            total += part.size();
        }
        long[] timestamps = new long[total];
        double[] values = new double[total];
        int offset = 0;
        for (Series part : parts) {
            System.arraycopy(part.timestamps(), 0, timestamps, offset, part.size());
            System.arraycopy(part.values(), 0, values, offset, part.size());
            offset += part.size();
        }
        return new Series(parts.get(0).labels(), timestamps, values);
    }

    /** Both inputs ascending and duplicate-free; on equal timestamps the first wins. */
    public static Series merge(Series first, Series second) {
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
