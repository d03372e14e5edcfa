package io.promless.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts observations into buckets by upper bound, as a Prometheus classic histogram:
 * exposed as cumulative {@code _bucket{le=...}} lines, {@code _sum} and {@code _count}.
 */
public final class Histogram {
    /** The buckets Prometheus client libraries use by default, in seconds. */
    public static final List<Double> DEFAULT_BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private final double[] upperBounds;
    // One more than upperBounds: the last counts observations above every bound (+Inf).
    private final LongAdder[] bucketCounts;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] upperBounds) {
        this.upperBounds = upperBounds;
        this.bucketCounts = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < bucketCounts.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    /** Records one observation; NaN is counted (in the +Inf bucket) as Prometheus clients do. */
    public void observe(double value) {
        bucketCounts[bucketIndex(value)].increment();
        sum.add(value);
    }

    /** Records a duration in seconds, the base unit Prometheus names durations in. */
    public void observe(Duration duration) {
        requireNonNull(duration, "duration is null");
        observe(duration.toNanos() / 1e9);
    }

    /** Observations so far, across all buckets. */
    public long count() {
        long count = 0;
        for (LongAdder bucketCount : bucketCounts) {
            count += bucketCount.sum();
        }
        return count;
    }

    public double sum() {
        return sum.sum();
    }

    /** Cumulative counts per upper bound, the last for +Inf; they add up to {@link #count()} at that moment. */
    long[] cumulativeCounts() {
        long[] cumulative = new long[bucketCounts.length];
        long running = 0;
        for (int i = 0; i < bucketCounts.length; i++) {
            running += bucketCounts[i].sum();
            cumulative[i] = running;
        }
        return cumulative;
    }

    double[] upperBounds() {
        return upperBounds;
    }

    private int bucketIndex(double value) {
        // Few buckets: a linear scan beats a binary search and keeps "le" (less or equal) obvious.
        for (int i = 0; i < upperBounds.length; i++) {
            if (value <= upperBounds[i]) {
                return i;
            }
        }
        return upperBounds.length;
    }

    /** Validates bucket bounds: finite, strictly increasing, at least one; +Inf is implied. */
    static double[] checkBuckets(String metricName, List<Double> buckets) {
        requireNonNull(buckets, "buckets is null");
        double[] bounds = buckets.stream()
                .filter(bound -> bound != Double.POSITIVE_INFINITY)
                .mapToDouble(Double::doubleValue)
                .toArray();
        if (bounds.length == 0) {
            throw new IllegalArgumentException("histogram " + metricName + " needs at least one finite bucket");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i])) {
                throw new IllegalArgumentException("histogram " + metricName + ": bucket bound " + bounds[i] + " is not finite");
            }
            if (i > 0 && bounds[i] <= bounds[i - 1]) {
                throw new IllegalArgumentException(
                        "histogram " + metricName + ": buckets must increase strictly, got " + bounds[i - 1] + " then " + bounds[i]);
            }
        }
        return bounds;
    }
}
