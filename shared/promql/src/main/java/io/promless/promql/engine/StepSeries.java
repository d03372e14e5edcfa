package io.promless.promql.engine;

import io.promless.model.labels.Labels;

/**
 * One series of an instant vector evaluated at every step of a timeline: a value and a
 * presence flag per step, so operators work on arrays instead of per-sample objects.
 * {@code sampleTimestamps} is set only by selectors (for timestamp()); {@code dropName} marks
 * a series whose metric name is removed at the end (delayed name removal).
 */
final class StepSeries {
    final Labels labels;
    final boolean dropName;
    final double[] values;
    final boolean[] present;
    long[] sampleTimestamps;

    StepSeries(Labels labels, boolean dropName, int steps) {
        this(labels, dropName, new double[steps], new boolean[steps]);
    }

    StepSeries(Labels labels, boolean dropName, double[] values, boolean[] present) {
        this.labels = labels;
        this.dropName = dropName;
        this.values = values;
        this.present = present;
    }

    void set(int step, double value) {
        values[step] = value;
        present[step] = true;
    }

    boolean isEmpty() {
        for (boolean p : present) {
            if (p) {
                return false;
            }
        }
        return true;
    }
}
