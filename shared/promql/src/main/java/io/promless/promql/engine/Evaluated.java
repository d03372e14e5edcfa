package io.promless.promql.engine;

import java.util.List;

/** Intermediate results of the evaluator, over the steps of one timeline. */
sealed interface Evaluated {
    record Scalars(double[] values) implements Evaluated {}

    record Vectors(List<StepSeries> series) implements Evaluated {}

    record Text(String value) implements Evaluated {}

    /**
     * A range vector: raw samples per series (stale markers removed) and, per step, the end of
     * the window; each window is {@code (end - range, end]}.
     */
    record Ranges(List<RangeSeries> series, long[] windowEnds, long range, io.promless.promql.ast.RangeMode mode)
            implements Evaluated {}

    record RangeSeries(io.promless.model.labels.Labels labels, boolean dropName, long[] timestamps, double[] values) {}
}
