package io.promless.tsdb.head;

import java.util.List;

/**
 * Sorts series by id, stably (samples of a series listed twice stay in arrival order). The
 * writer and encoder sort every segment's series; comparing primitive ids through an index
 * array is several times faster than a comparator over the records.
 */
final class SeriesOrder {
    private static final int INSERTION_RUN = 16;

    private SeriesOrder() {}

    /** Sorts {@code series} in place by ascending (signed) series id, keeping the order of equal ids. */
    static void sortById(List<SeriesSamples> series) {
        int size = series.size();
        long[] ids = new long[size];
        boolean ascending = true;
        for (int i = 0; i < size; i++) {
            ids[i] = series.get(i).seriesId();
            ascending &= i == 0 || ids[i - 1] <= ids[i];
        }
        if (ascending) {
            return;
        }
        int[] order = stableOrder(ids);
        SeriesSamples[] original = series.toArray(new SeriesSamples[0]);
        for (int i = 0; i < size; i++) {
            series.set(i, original[order[i]]);
        }
    }

    /** The indices of {@code keys} in ascending key order, equal keys by index: a bottom-up merge sort. */
    static int[] stableOrder(long[] keys) {
        int size = keys.length;
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int low = 0; low < size; low += INSERTION_RUN) {
            insertionSort(order, keys, low, Math.min(low + INSERTION_RUN, size));
        }
        int[] buffer = new int[size];
        for (int width = INSERTION_RUN; width < size; width *= 2) {
            for (int low = 0; low < size - width; low += 2 * width) {
                merge(order, buffer, keys, low, low + width, Math.min(low + 2 * width, size));
            }
        }
        return order;
    }

    private static void insertionSort(int[] order, long[] keys, int low, int high) {
        for (int i = low + 1; i < high; i++) {
            int index = order[i];
            long key = keys[index];
            int j = i - 1;
            while (j >= low && keys[order[j]] > key) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = index;
        }
    }

    private static void merge(int[] order, int[] buffer, long[] keys, int low, int middle, int high) {
        if (keys[order[middle - 1]] <= keys[order[middle]]) {
            return;
        }
        System.arraycopy(order, low, buffer, low, high - low);
        int left = low;
        int right = middle;
        int out = low;
        while (left < middle && right < high) {
            order[out++] = keys[buffer[right]] < keys[buffer[left]] ? buffer[right++] : buffer[left++];
        }
        while (left < middle) {
            order[out++] = buffer[left++];
        }
        while (right < high) {
            order[out++] = buffer[right++];
        }
    }
}
