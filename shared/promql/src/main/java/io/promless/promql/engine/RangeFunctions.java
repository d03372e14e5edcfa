package io.promless.promql.engine;

import io.promless.promql.engine.Evaluated.RangeSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Functions over range vectors. Each step's window {@code (end - range, end]} is located by
 * binary search in the series' arrays and reduced in place; nothing is allocated per sample.
 */
final class RangeFunctions {
    enum Kind {
        RATE, IRATE, INCREASE, DELTA, IDELTA, DERIV, PREDICT_LINEAR, CHANGES, RESETS,
        AVG_OVER_TIME, MIN_OVER_TIME, MAX_OVER_TIME, SUM_OVER_TIME, COUNT_OVER_TIME, LAST_OVER_TIME,
        FIRST_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, PRESENT_OVER_TIME, QUANTILE_OVER_TIME,
        MAD_OVER_TIME, TS_OF_MIN_OVER_TIME, TS_OF_MAX_OVER_TIME, TS_OF_LAST_OVER_TIME, TS_OF_FIRST_OVER_TIME,
        DOUBLE_EXPONENTIAL_SMOOTHING;

        boolean keepsName() {
            return this == LAST_OVER_TIME || this == FIRST_OVER_TIME;
        }
    }

    private RangeFunctions() {}

    /** {@code first}/{@code second} are the per-step scalar arguments (or null). */
    static List<StepSeries> apply(Kind kind, Evaluated.Ranges input, double[] first, double[] second, long[] evaluationTimes,
            long lookback, boolean delayed) {
        long[] ends = input.windowEnds();
        long range = input.range();
        int steps = ends.length;
        List<StepSeries> result = new ArrayList<>(input.series().size());
        double[] scratch = kind == Kind.QUANTILE_OVER_TIME || kind == Kind.MAD_OVER_TIME ? new double[16] : null;
        for (RangeSeries series : input.series()) {
            long[] timestamps = series.timestamps();
            double[] values = series.values();
            double[] out = new double[steps];
            boolean[] present = new boolean[steps];
            boolean any = false;
            for (int step = 0; step < steps; step++) {
                long end = ends[step];
                long start = end - range;
                int from = upperBound(timestamps, start);
                int to = upperBound(timestamps, end);
                if (input.mode() != io.promless.promql.ast.RangeMode.NORMAL) {
                    double value = extended(kind, input.mode(), timestamps, values, from, to, start, end, range, lookback);
                    if (!isNoResult(value)) {
                        out[step] = value;
                        present[step] = true;
                        any = true;
                    }
                    continue;
                }
                if (to <= from) {
                    continue;
                }
                if (scratch != null && scratch.length < to - from) {
                    scratch = new double[Math.max(to - from, scratch.length * 2)];
                }
                double value = compute(kind, timestamps, values, from, to, start, end, range, evaluationTimes[step],
                        first == null ? 0 : first[step], second == null ? 0 : second[step], scratch);
                if (value != value && Double.doubleToRawLongBits(value) == NO_RESULT_BITS) {
                    continue;
                }
                out[step] = value;
                present[step] = true;
                any = true;
            }
            if (!any) {
                continue;
            }
            if (kind.keepsName()) {
                result.add(new StepSeries(series.labels(), series.dropName(), out, present));
            } else if (delayed) {
                result.add(new StepSeries(series.labels(), true, out, present));
            } else {
                result.add(new StepSeries(MetricNames.drop(series.labels()), false, out, present));
            }
        }
        return delayed ? result : SeriesMerger.merge(result);
    }

    /** A NaN payload that no arithmetic produces, meaning "no output sample at this step". */
    private static final long NO_RESULT_BITS = 0x7ffcdead0000beefL;
    private static final double NO_RESULT = Double.longBitsToDouble(NO_RESULT_BITS);

    /** First index whose timestamp is greater than {@code time}. */
    static int upperBound(long[] timestamps, long time) {
        int low = 0;
        int high = timestamps.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (timestamps[middle] <= time) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static double compute(Kind kind, long[] ts, double[] vs, int from, int to, long start, long end, long range,
            long evaluationTime, double first, double second, double[] scratch) {
        int count = to - from;
        return switch (kind) {
            case RATE -> count < 2 ? NO_RESULT : extrapolatedRate(ts, vs, from, to, start, end, range, true, true);
            case INCREASE -> count < 2 ? NO_RESULT : extrapolatedRate(ts, vs, from, to, start, end, range, true, false);
            case DELTA -> count < 2 ? NO_RESULT : extrapolatedRate(ts, vs, from, to, start, end, range, false, false);
            case IRATE, IDELTA -> {
                if (count < 2) {
                    yield NO_RESULT;
                }
                double last = vs[to - 1];
                double previous = vs[to - 2];
                double difference = kind == Kind.IRATE && last < previous ? last : last - previous;
                if (kind == Kind.IDELTA) {
                    yield difference;
                }
                long interval = ts[to - 1] - ts[to - 2];
                yield interval == 0 ? NO_RESULT : difference / (interval / 1000.0);
            }
            case DERIV -> count < 2 ? NO_RESULT : regression(ts, vs, from, to, ts[from])[0];
            case PREDICT_LINEAR -> {
                if (count < 2) {
                    yield NO_RESULT;
                }
                // The prediction starts at the evaluation time, even when @ or offset moved the window.
                double[] slopeIntercept = regression(ts, vs, from, to, evaluationTime);
                yield slopeIntercept[0] * first + slopeIntercept[1];
            }
            case CHANGES -> {
                int changes = 0;
                for (int i = from + 1; i < to; i++) {
                    if (vs[i] != vs[i - 1] && !(Double.isNaN(vs[i]) && Double.isNaN(vs[i - 1]))) {
                        changes++;
                    }
                }
                yield changes;
            }
            case RESETS -> {
                int resets = 0;
                for (int i = from + 1; i < to; i++) {
                    if (vs[i] < vs[i - 1]) {
                        resets++;
                    }
                }
                yield resets;
            }
            case AVG_OVER_TIME -> FloatMath.mean(vs, from, to);
            case SUM_OVER_TIME -> FloatMath.sum(vs, from, to);
            case COUNT_OVER_TIME -> count;
            case PRESENT_OVER_TIME -> 1;
            case LAST_OVER_TIME -> vs[to - 1];
            case FIRST_OVER_TIME -> vs[from];
            case MIN_OVER_TIME -> vs[extremeIndex(vs, from, to, false)];
            case MAX_OVER_TIME -> vs[extremeIndex(vs, from, to, true)];
            case TS_OF_MIN_OVER_TIME -> ts[extremeIndex(vs, from, to, false)] / 1000.0;
            case TS_OF_MAX_OVER_TIME -> ts[extremeIndex(vs, from, to, true)] / 1000.0;
            case TS_OF_LAST_OVER_TIME -> ts[to - 1] / 1000.0;
            case TS_OF_FIRST_OVER_TIME -> ts[from] / 1000.0;
            case STDVAR_OVER_TIME -> FloatMath.variance(vs, from, to);
            case STDDEV_OVER_TIME -> Math.sqrt(FloatMath.variance(vs, from, to));
            case QUANTILE_OVER_TIME -> {
                System.arraycopy(vs, from, scratch, 0, count);
                yield FloatMath.quantile(first, scratch, count);
            }
            case MAD_OVER_TIME -> {
                System.arraycopy(vs, from, scratch, 0, count);
                double median = FloatMath.quantile(0.5, scratch, count);
                for (int i = 0; i < count; i++) {
                    scratch[i] = Math.abs(vs[from + i] - median);
                }
                yield FloatMath.quantile(0.5, scratch, count);
            }
            case DOUBLE_EXPONENTIAL_SMOOTHING -> count < 2 ? NO_RESULT : doubleExponentialSmoothing(vs, from, to, first, second);
        };
    }

    /**
     * rate, increase, delta, changes and resets over an anchored window (the window plus the last
     * sample before it, no extrapolation) or a smoothed one (values interpolated at both ends).
     */
    private static double extended(Kind kind, io.promless.promql.ast.RangeMode mode, long[] ts, double[] vs, int from, int to,
            long start, long end, long range, long lookback) {
        boolean counter = kind == Kind.RATE || kind == Kind.INCREASE;
        if (mode == io.promless.promql.ast.RangeMode.ANCHORED) {
            if (to <= from) {
                return NO_RESULT;
            }
            int anchor = from > 0 && ts[from - 1] > start - lookback ? from - 1 : from;
            return switch (kind) {
                case CHANGES -> {
                    int changes = 0;
                    for (int i = anchor + 1; i < to; i++) {
                        if (vs[i] != vs[i - 1] && !(Double.isNaN(vs[i]) && Double.isNaN(vs[i - 1]))) {
                            changes++;
                        }
                    }
                    yield changes;
                }
                case RESETS -> {
                    int resets = 0;
                    for (int i = anchor + 1; i < to; i++) {
                        if (vs[i] < vs[i - 1]) {
                            resets++;
                        }
                    }
                    yield resets;
                }
                case DELTA -> vs[to - 1] - vs[anchor];
                default -> {
                    double increase = 0;
                    for (int i = anchor + 1; i < to; i++) {
                        increase += counterDifference(vs[i - 1], vs[i], counter);
                    }
                    yield kind == Kind.RATE ? increase / (range / 1000.0) : increase;
                }
            };
        }
        // Data only before or only after the window gives no result.
        boolean dataUpToEnd = to > 0 && ts[to - 1] > start - lookback;
        boolean dataAfterStart = from < ts.length && ts[from] <= end + lookback;
        if (!dataUpToEnd || !dataAfterStart) {
            return NO_RESULT;
        }
        double startValue = smoothedValueAt(ts, vs, start, lookback, counter);
        double endValue = smoothedValueAt(ts, vs, end, lookback, counter);
        if (isNoResult(startValue) || isNoResult(endValue)) {
            return NO_RESULT;
        }
        if (kind == Kind.DELTA) {
            return endValue - startValue;
        }
        double increase = 0;
        double previous = startValue;
        for (int i = from; i < to && ts[i] < end; i++) {
            increase += counterDifference(previous, vs[i], counter);
            previous = vs[i];
        }
        increase += counterDifference(previous, endValue, counter);
        return kind == Kind.RATE ? increase / (range / 1000.0) : increase;
    }

    private static double counterDifference(double previous, double current, boolean counter) {
        return counter && current < previous ? current : current - previous;
    }

    /**
     * The value at {@code time} interpolated between the neighbouring samples (each within the
     * lookback); only one neighbour gives its value. A counter that resets between the two grows
     * from zero.
     */
    static double smoothedValueAt(long[] ts, double[] vs, long time, long lookback, boolean counter) {
        int previous = upperBound(ts, time) - 1;
        int next = previous + 1;
        boolean hasPrevious = previous >= 0 && ts[previous] > time - lookback;
        boolean hasNext = next < ts.length && ts[next] <= time + lookback;
        if (hasPrevious && ts[previous] == time) {
            return vs[previous];
        }
        if (!hasPrevious) {
            return hasNext ? vs[next] : NO_RESULT;
        }
        if (!hasNext) {
            return vs[previous];
        }
        double fraction = (time - ts[previous]) / (double) (ts[next] - ts[previous]);
        if (counter && vs[next] < vs[previous]) {
            return vs[next] * fraction;
        }
        return vs[previous] + (vs[next] - vs[previous]) * fraction;
    }

    /** Index of the min (or max) value; NaN loses against any number, as in Prometheus. */
    private static int extremeIndex(double[] vs, int from, int to, boolean max) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            double current = vs[best];
            if (max ? (vs[i] > current || Double.isNaN(current)) : (vs[i] < current || Double.isNaN(current))) {
                best = i;
            }
        }
        return best;
    }

    /** Prometheus's extrapolated rate/increase/delta over a left-open window. */
    private static double extrapolatedRate(long[] ts, double[] vs, int from, int to, long rangeStart, long rangeEnd,
            long range, boolean counter, boolean rate) {
        double result = vs[to - 1] - vs[from];
        if (counter) {
            for (int i = from + 1; i < to; i++) {
                if (vs[i] < vs[i - 1]) {
                    result += vs[i - 1];
                }
            }
        }
        double durationToStart = (ts[from] - rangeStart) / 1000.0;
        double durationToEnd = (rangeEnd - ts[to - 1]) / 1000.0;
        double sampledInterval = (ts[to - 1] - ts[from]) / 1000.0;
        double averageInterval = sampledInterval / (to - from - 1);
        double threshold = averageInterval * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = averageInterval / 2;
        }
        if (counter && result > 0 && vs[from] >= 0) {
            double durationToZero = sampledInterval * (vs[from] / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = averageInterval / 2;
        }
        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (rate) {
            factor /= range / 1000.0;
        }
        return result * factor;
    }

    /** Least-squares slope and intercept with x in seconds relative to {@code interceptTime}. */
    static double[] regression(long[] ts, double[] vs, int from, int to, long interceptTime) {
        boolean constant = true;
        double initial = vs[from];
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        for (int i = from; i < to; i++) {
            double y = vs[i];
            if (constant && i > from && y != initial) {
                constant = false;
            }
            n++;
            double x = (ts[i] - interceptTime) / 1000.0;
            double next = sumX + x;
            cX = FloatMath.compensate(sumX, x, next, cX);
            sumX = next;
            next = sumY + y;
            cY = FloatMath.compensate(sumY, y, next, cY);
            sumY = next;
            double xy = x * y;
            next = sumXY + xy;
            cXY = FloatMath.compensate(sumXY, xy, next, cXY);
            sumXY = next;
            double x2 = x * x;
            next = sumX2 + x2;
            cX2 = FloatMath.compensate(sumX2, x2, next, cX2);
            sumX2 = next;
        }
        if (constant) {
            if (Double.isInfinite(initial)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initial};
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covariance = sumXY - sumX * sumY / n;
        double variance = sumX2 - sumX * sumX / n;
        double slope = covariance / variance;
        double intercept = sumY / n - slope * sumX / n;
        return new double[] {slope, intercept};
    }

    private static double doubleExponentialSmoothing(double[] vs, int from, int to, double smoothing, double trend) {
        if (smoothing <= 0 || smoothing >= 1) {
            throw new io.promless.errors.PromlessException(io.promless.errors.ErrorType.EXECUTION,
                    "invalid smoothing factor. Expected: 0 < sf < 1, got: " + String.format("%f", smoothing));
        }
        if (trend <= 0 || trend >= 1) {
            throw new io.promless.errors.PromlessException(io.promless.errors.ErrorType.EXECUTION,
                    "invalid trend factor. Expected: 0 < tf < 1, got: " + String.format("%f", trend));
        }
        double previous = 0;
        double level = vs[from];
        double slope = vs[from + 1] - vs[from];
        for (int i = from + 1; i < to; i++) {
            if (i > from + 1) {
                slope = trend * (level - previous) + (1 - trend) * slope;
            }
            double next = smoothing * vs[i] + (1 - smoothing) * (level + slope);
            previous = level;
            level = next;
        }
        return level;
    }

    static boolean isNoResult(double value) {
        return Double.doubleToRawLongBits(value) == NO_RESULT_BITS;
    }

    static double noResult() {
        return NO_RESULT;
    }
}
