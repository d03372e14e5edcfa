package io.promless.promql.engine;

import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** histogram_quantile and histogram_fraction over classic {@code le} buckets. */
final class HistogramQuantile {
    private static final String BUCKET_LABEL = "le";

    private HistogramQuantile() {}

    /** Buckets of one histogram (one label set without {@code le}). */
    private static final class Group {
        final Labels labels;
        final List<StepSeries> buckets = new ArrayList<>();
        final List<Double> bounds = new ArrayList<>();
        boolean dropName;

        Group(Labels labels) {
            this.labels = labels;
        }
    }

    /** Where bucket problems are reported: the query's annotations, about the bucket argument. */
    record Reporter(Annotations annotations, io.promless.promql.ast.Expr argument, boolean reportsMonotonicity) {
        void malformedBucket(Labels labels) {
            annotations.warn("bucket label \"le\" is missing or has a malformed value of \"" + labels.get(BUCKET_LABEL)
                    + "\" for metric name \"" + labels.metricName() + "\"", argument);
        }

        void forcedMonotonic(Labels labels) {
            if (!reportsMonotonicity) {
                return;
            }
            annotations.info("input to histogram_quantile needed to be fixed for monotonicity (see "
                    + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \""
                    + labels.metricName() + "\"", argument);
        }
    }

    static Evaluated quantile(double[] quantiles, Evaluated.Vectors input, boolean delayed, Reporter reporter) {
        return evaluate(input, delayed, reporter, (upper, counts, size, step) -> bucketQuantile(quantiles[step], upper, counts, size));
    }

    static Evaluated fraction(double[] lower, double[] upper, Evaluated.Vectors input, boolean delayed, Reporter reporter) {
        return evaluate(input, delayed, reporter, (bounds, counts, size, step) -> bucketFraction(lower[step], upper[step], bounds, counts, size));
    }

    private interface BucketFunction {
        double apply(double[] upperBounds, double[] counts, int size, int step);
    }

    private static Evaluated evaluate(Evaluated.Vectors input, boolean delayed, Reporter reporter, BucketFunction function) {
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (StepSeries series : input.series()) {
            if (!series.labels.has(BUCKET_LABEL)) {
                reporter.malformedBucket(series.labels);
                continue;
            }
            double bound;
            try {
                bound = parseBound(series.labels.get(BUCKET_LABEL));
            } catch (NumberFormatException e) {
                reporter.malformedBucket(series.labels);
                continue;
            }
            Labels.Builder builder = series.labels.toBuilder().remove(BUCKET_LABEL);
            if (!delayed) {
                MetricNames.drop(builder);
            }
            Group group = groups.computeIfAbsent(builder.build(), Group::new);
            group.buckets.add(series);
            group.bounds.add(bound);
        }
        List<StepSeries> result = new ArrayList<>(groups.size());
        int steps = input.series().isEmpty() ? 0 : input.series().get(0).values.length;
        for (Group group : groups.values()) {
            int size = group.buckets.size();
            double[] upper = new double[size];
            double[] counts = new double[size];
            Integer[] order = new Integer[size];
            StepSeries out = new StepSeries(group.labels, delayed, steps);
            for (int step = 0; step < steps; step++) {
                int present = 0;
                for (int i = 0; i < size; i++) {
                    if (group.buckets.get(i).present[step]) {
                        order[present++] = i;
                    }
                }
                if (present == 0) {
                    continue;
                }
                Arrays.sort(order, 0, present, (a, b) -> Double.compare(group.bounds.get(a), group.bounds.get(b)));
                boolean decreasing = false;
                for (int i = 0; i < present; i++) {
                    upper[i] = group.bounds.get(order[i]);
                    counts[i] = group.buckets.get(order[i]).values[step];
                    if (i > 0 && upper[i] != upper[i - 1] && counts[i] < counts[i - 1]
                            && Math.abs(counts[i] - counts[i - 1]) > 1e-12 * Math.max(Math.abs(counts[i]), Math.abs(counts[i - 1]))) {
                        decreasing = true;
                    }
                }
                if (decreasing) {
                    reporter.forcedMonotonic(group.buckets.get(0).labels);
                }
                out.set(step, function.apply(upper, counts, present, step));
            }
            if (!out.isEmpty()) {
                result.add(out);
            }
        }
        return new Evaluated.Vectors(result);
    }

    private static double parseBound(String text) {
        String trimmed = text.trim();
        return switch (trimmed.toLowerCase(java.util.Locale.ROOT)) {
            case "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(trimmed);
        };
    }

    /** Merges buckets with the same bound (sorted input); returns the new size. */
    private static int coalesce(double[] upper, double[] counts, int size) {
        int out = 0;
        for (int i = 0; i < size; i++) {
            if (out > 0 && upper[out - 1] == upper[i]) {
                counts[out - 1] += counts[i];
            } else {
                upper[out] = upper[i];
                counts[out] = counts[i];
                out++;
            }
        }
        return out;
    }

    private static void ensureMonotonic(double[] counts, int size) {
        double previous = counts[0];
        for (int i = 1; i < size; i++) {
            double current = counts[i];
            if (current == previous) {
                continue;
            }
            if (Math.abs(current - previous) <= 1e-12 * Math.max(Math.abs(current), Math.abs(previous))) {
                counts[i] = previous;
                continue;
            }
            if (current < previous) {
                counts[i] = previous;
                continue;
            }
            previous = current;
        }
    }

    static double bucketQuantile(double q, double[] upper, double[] counts, int size) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (size == 0 || upper[size - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        size = coalesce(upper, counts, size);
        ensureMonotonic(counts, size);
        if (size < 2) {
            return Double.NaN;
        }
        double observations = counts[size - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int bucket = 0;
        while (bucket < size - 1 && counts[bucket] < rank) {
            bucket++;
        }
        if (bucket == size - 1) {
            return upper[size - 2];
        }
        if (bucket == 0 && upper[0] <= 0) {
            return upper[0];
        }
        double start = 0;
        double end = upper[bucket];
        double count = counts[bucket];
        if (bucket > 0) {
            start = upper[bucket - 1];
            count -= counts[bucket - 1];
            rank -= counts[bucket - 1];
        }
        return start + (end - start) * (rank / count);
    }

    static double bucketFraction(double lower, double upperLimit, double[] upper, double[] counts, int size) {
        if (size == 0 || upper[size - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        size = coalesce(upper, counts, size);
        ensureMonotonic(counts, size);
        double total = counts[size - 1];
        if (total == 0 || Double.isNaN(lower) || Double.isNaN(upperLimit)) {
            return Double.NaN;
        }
        if (lower >= upperLimit) {
            return 0;
        }
        return (rankAt(upperLimit, upper, counts, size, false) - rankAt(lower, upper, counts, size, true)) / total;
    }

    /**
     * Estimated number of observations at or below {@code value}, interpolating linearly in a
     * bucket. A first bucket reaching down to -Inf cannot be interpolated: it counts as wholly
     * outside the fraction's range, whichever limit falls into it.
     */
    private static double rankAt(double value, double[] upper, double[] counts, int size, boolean lowerLimit) {
        double previousBound = Double.NEGATIVE_INFINITY;
        double previousCount = 0;
        for (int i = 0; i < size; i++) {
            if (value <= upper[i]) {
                if (value == upper[i]) {
                    return counts[i];
                }
                double lowerBound = previousBound;
                if (i == 0) {
                    if (upper[0] <= 0) {
                        return lowerLimit ? counts[0] : 0;
                    }
                    lowerBound = 0;
                    if (value <= 0) {
                        return 0;
                    }
                }
                if (Double.isInfinite(upper[i])) {
                    return previousCount;
                }
                return previousCount + (counts[i] - previousCount) * (value - lowerBound) / (upper[i] - lowerBound);
            }
            previousBound = upper[i];
            previousCount = counts[i];
        }
        return counts[size - 1];
    }
}
