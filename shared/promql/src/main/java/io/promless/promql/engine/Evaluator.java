package io.promless.promql.engine;

import io.promless.model.StaleMarker;
import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.AtModifier;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.RangeMode;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.VectorSelector;
import io.promless.promql.engine.Evaluated.RangeSeries;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates one query's AST over a timeline, one pattern-matching switch over the sealed
 * nodes. Selectors read from one querier opened for the whole query. Single-threaded.
 */
final class Evaluator {
    private final Querier querier;
    private final EngineOptions options;
    private final QueryLimits limits;
    private final Annotations annotations;
    private final long queryStart;
    private final long queryEnd;
    private final long queryStep;
    private final long lookback;

    Evaluator(Querier querier, EngineOptions options, QueryLimits limits, Annotations annotations, long queryStart,
            long queryEnd, long queryStep) {
        this.querier = querier;
        this.options = options;
        this.limits = limits;
        this.annotations = annotations;
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
        this.queryStep = queryStep;
        this.lookback = options.lookbackDelta().toMillis();
    }

    EngineOptions options() {
        return options;
    }

    QueryLimits limits() {
        return limits;
    }

    Annotations annotations() {
        return annotations;
    }

    /** True for range queries (a step was given), where sorting has no effect. */
    boolean isRangeQuery() {
        return queryStep > 0;
    }

    long lookback() {
        return lookback;
    }

    long queryStart() {
        return queryStart;
    }

    long queryEnd() {
        return queryEnd;
    }

    long queryStep() {
        return queryStep;
    }

    Evaluated evaluate(Expr expr, Timeline timeline) {
        limits.checkDeadline();
        return switch (expr) {
            case NumberLiteral number -> {
                double[] values = new double[timeline.count()];
                Arrays.fill(values, number.value());
                yield new Evaluated.Scalars(values);
            }
            case StringLiteral string -> new Evaluated.Text(string.value());
            case ParenExpr paren -> evaluate(paren.inner(), timeline);
            case VectorSelector selector -> selectInstant(selector, timeline);
            case MatrixSelector matrix -> selectRange(matrix, timeline);
            case Subquery subquery -> subquery(subquery, timeline);
            case UnaryExpr unary -> unary(unary, timeline);
            case BinaryExpr binary -> new BinaryOperations(this).evaluate(binary, timeline);
            case Call call -> new FunctionCalls(this).evaluate(call, timeline);
            case Aggregation aggregation -> new Aggregations(this).evaluate(aggregation, timeline);
        };
    }

    private Evaluated unary(UnaryExpr unary, Timeline timeline) {
        Evaluated operand = evaluate(unary.operand(), timeline);
        if (!unary.negate()) {
            return operand;
        }
        return switch (operand) {
            case Evaluated.Scalars scalars -> {
                double[] values = scalars.values().clone();
                for (int i = 0; i < values.length; i++) {
                    values[i] = -values[i];
                }
                yield new Evaluated.Scalars(values);
            }
            case Evaluated.Vectors vectors -> {
                List<StepSeries> result = new ArrayList<>(vectors.series().size());
                for (StepSeries series : vectors.series()) {
                    double[] values = series.values.clone();
                    for (int i = 0; i < values.length; i++) {
                        values[i] = -values[i];
                    }
                    result.add(SeriesMerger.dropName(series, options.delayedNameRemoval(), values, series.present));
                }
                yield new Evaluated.Vectors(SeriesMerger.merge(result));
            }
            default -> throw new IllegalStateException("unary minus on " + operand);
        };
    }

    /** The time a selector reads at for each step, after {@code @} and offset. */
    long[] effectiveTimes(Timeline timeline, AtModifier at, long offset) {
        long[] times = new long[timeline.count()];
        for (int i = 0; i < times.length; i++) {
            long base = at == null ? timeline.time(i) : at.resolve(queryStart, queryEnd);
            times[i] = base - offset;
        }
        return times;
    }

    Evaluated.Vectors selectInstant(VectorSelector selector, Timeline timeline) {
        long[] times = effectiveTimes(timeline, selector.at(), selector.offset());
        List<Series> raw = querier.select(selector.matchers());
        List<StepSeries> result = new ArrayList<>(raw.size());
        long loaded = 0;
        for (Series series : raw) {
            limits.checkDeadline();
            long[] timestamps = series.timestamps();
            double[] values = series.values();
            StepSeries out = new StepSeries(series.labels(), false, times.length);
            out.sampleTimestamps = new long[times.length];
            boolean any = false;
            boolean smoothed = selector.rangeMode() == RangeMode.SMOOTHED;
            for (int step = 0; step < times.length; step++) {
                long t = times[step];
                int index = latestAtOrBefore(timestamps, t);
                if (smoothed) {
                    double value = RangeFunctions.smoothedValueAt(timestamps, values, t, lookback, false);
                    if (!RangeFunctions.isNoResult(value)) {
                        out.set(step, value);
                        out.sampleTimestamps[step] = t;
                        any = true;
                        loaded++;
                    }
                    continue;
                }
                if (index >= 0 && timestamps[index] > t - lookback && !StaleMarker.isStale(values[index])) {
                    out.set(step, values[index]);
                    out.sampleTimestamps[step] = timestamps[index];
                    any = true;
                    loaded++;
                }
            }
            if (any) {
                result.add(out);
            }
        }
        limits.addSamples(loaded);
        return new Evaluated.Vectors(result);
    }

    /** Index of the last timestamp at or before {@code time}, or -1. */
    static int latestAtOrBefore(long[] timestamps, long time) {
        int index = Arrays.binarySearch(timestamps, time);
        return index >= 0 ? index : -index - 2;
    }

    Evaluated.Ranges selectRange(MatrixSelector matrix, Timeline timeline) {
        VectorSelector selector = matrix.selector();
        long[] ends = effectiveTimes(timeline, selector.at(), selector.offset());
        List<Series> raw = querier.select(selector.matchers());
        List<RangeSeries> result = new ArrayList<>(raw.size());
        long loaded = 0;
        for (Series series : raw) {
            RangeSeries filtered = withoutStaleMarkers(series);
            if (filtered.timestamps().length > 0) {
                result.add(filtered);
                loaded += filtered.timestamps().length;
            }
        }
        limits.addSamples(loaded);
        return new Evaluated.Ranges(result, ends, matrix.range(), selector.rangeMode());
    }

    private static RangeSeries withoutStaleMarkers(Series series) {
        double[] values = series.values();
        int stale = 0;
        for (double value : values) {
            if (StaleMarker.isStale(value)) {
                stale++;
            }
        }
        if (stale == 0) {
            return new RangeSeries(series.labels(), false, series.timestamps(), values);
        }
        long[] timestamps = new long[values.length - stale];
        double[] kept = new double[values.length - stale];
        int out = 0;
        for (int i = 0; i < values.length; i++) {
            if (!StaleMarker.isStale(values[i])) {
                timestamps[out] = series.timestamps()[i];
                kept[out] = values[i];
                out++;
            }
        }
        return new RangeSeries(series.labels(), false, timestamps, kept);
    }

    private Evaluated.Ranges subquery(Subquery subquery, Timeline timeline) {
        long step = subquery.step() != 0 ? subquery.step() : options.defaultSubqueryStep().toMillis();
        long[] ends = effectiveTimes(timeline, subquery.at(), subquery.offset());
        long lastEnd = Long.MIN_VALUE;
        long firstEnd = Long.MAX_VALUE;
        for (long end : ends) {
            lastEnd = Math.max(lastEnd, end);
            firstEnd = Math.min(firstEnd, end);
        }
        long innerStart = Math.floorDiv(firstEnd - subquery.range(), step) * step;
        if (innerStart <= firstEnd - subquery.range()) {
            innerStart += step;
        }
        if (innerStart > lastEnd) {
            return new Evaluated.Ranges(List.of(), ends, subquery.range(), RangeMode.NORMAL);
        }
        long innerEnd = innerStart + Math.floorDiv(lastEnd - innerStart, step) * step;
        Timeline inner = new Timeline(innerStart, innerEnd, step);
        Evaluated.Vectors vectors = (Evaluated.Vectors) evaluate(subquery.expr(), inner);
        List<RangeSeries> result = new ArrayList<>(vectors.series().size());
        for (StepSeries series : vectors.series()) {
            int count = 0;
            for (boolean present : series.present) {
                if (present) {
                    count++;
                }
            }
            long[] timestamps = new long[count];
            double[] values = new double[count];
            int out = 0;
            for (int i = 0; i < series.present.length; i++) {
                if (series.present[i]) {
                    timestamps[out] = inner.time(i);
                    values[out] = series.values[i];
                    out++;
                }
            }
            result.add(new RangeSeries(series.labels, series.dropName, timestamps, values));
        }
        return new Evaluated.Ranges(result, ends, subquery.range(), RangeMode.NORMAL);
    }
}
