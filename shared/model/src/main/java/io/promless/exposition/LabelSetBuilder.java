package io.promless.exposition;

import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the labels of one sample line in arrival order, then sorts them, finds duplicate names
 * and builds {@link Labels} without the empty values (an empty value is an absent label).
 * Reused from line to line. Not thread-safe.
 */
final class LabelSetBuilder {
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int size;

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    String name(int index) {
        return names[index];
    }

    String value(int index) {
        return values[index];
    }

    void add(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    /** The value of a label added under this name, or null. */
    String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    void setValue(int index, String value) {
        values[index] = value;
    }

    /** Sorts by name (insertion sort: label sets are small and usually sorted already). */
    void sort() {
        for (int i = 1; i < size; i++) {
            String name = names[i];
            String value = values[i];
            int j = i - 1;
            while (j >= 0 && names[j].compareTo(name) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = name;
            values[j + 1] = value;
        }
    }

    /** After {@link #sort}: a name that occurs twice, or null. */
    String duplicateName() {
        for (int i = 1; i < size; i++) {
            if (names[i].equals(names[i - 1])) {
                return names[i];
            }
        }
        return null;
    }

    /** After {@link #sort}: the label set without empty values. */
    Labels build() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!values[i].isEmpty()) {
                kept++;
            }
        }
        if (kept == 0) {
            return Labels.EMPTY;
        }
        String[] keptNames = new String[kept];
        String[] keptValues = new String[kept];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (!values[i].isEmpty()) {
                keptNames[k] = names[i];
                keptValues[k] = values[i];
                k++;
            }
        }
        return Labels.ofSorted(keptNames, keptValues);
    }

    /** The names added with an empty value, in name order after {@link #sort}; empty when none. */
    List<String> emptyNames() {
        List<String> empty = List.of();
        for (int i = 0; i < size; i++) {
            if (values[i].isEmpty()) {
                if (empty.isEmpty()) {
                    empty = new ArrayList<>();
                }
                empty.add(names[i]);
            }
        }
        return empty;
    }
}
