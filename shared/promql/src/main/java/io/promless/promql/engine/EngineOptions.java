package io.promless.promql.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Settings of the PromQL engine. {@code nanoClock} measures the query timeout only (the
 * evaluation time is always an argument); tests pass a fake.
 *
 * @param lookbackDelta how far back an instant selector looks for a sample (Prometheus: 5m)
 * @param timeout maximum wall time of one query
 * @param maxSamples maximum samples a query may hold in memory at once (Prometheus: 50M)
 * @param maxPointsPerSeries maximum steps of a range query (Prometheus: 11,000)
 * @param defaultSubqueryStep step of a subquery written without one (the evaluation interval)
 * @param experimentalFunctions accept experimental functions and aggregations
 * @param delayedNameRemoval drop {@code __name__} only at the end of evaluation (Prometheus's feature flag)
 */
public record EngineOptions(
        Duration lookbackDelta,
        Duration timeout,
        long maxSamples,
        int maxPointsPerSeries,
        Duration defaultSubqueryStep,
        boolean experimentalFunctions,
        boolean delayedNameRemoval,
        LongSupplier nanoClock) {
    public EngineOptions {
        requireNonNull(lookbackDelta, "lookbackDelta is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(defaultSubqueryStep, "defaultSubqueryStep is null");
        requireNonNull(nanoClock, "nanoClock is null");
        if (lookbackDelta.isNegative() || lookbackDelta.isZero()) {
            throw new IllegalArgumentException("lookbackDelta must be positive");
        }
        if (maxSamples <= 0 || maxPointsPerSeries <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Prometheus's defaults: 5m lookback, 2m timeout, 50M samples, 11,000 points, 1m subquery step. */
    public static EngineOptions defaults() {
        return new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(2), 50_000_000, 11_000,
                Duration.ofMinutes(1), false, false, System::nanoTime);
    }

    public EngineOptions withLookbackDelta(Duration value) {
        return new EngineOptions(value, timeout, maxSamples, maxPointsPerSeries, defaultSubqueryStep, experimentalFunctions, delayedNameRemoval, nanoClock);
    }

    public EngineOptions withTimeout(Duration value) {
        return new EngineOptions(lookbackDelta, value, maxSamples, maxPointsPerSeries, defaultSubqueryStep, experimentalFunctions, delayedNameRemoval, nanoClock);
    }

    public EngineOptions withMaxSamples(long value) {
        return new EngineOptions(lookbackDelta, timeout, value, maxPointsPerSeries, defaultSubqueryStep, experimentalFunctions, delayedNameRemoval, nanoClock);
    }

    public EngineOptions withExperimentalFunctions(boolean value) {
        return new EngineOptions(lookbackDelta, timeout, maxSamples, maxPointsPerSeries, defaultSubqueryStep, value, delayedNameRemoval, nanoClock);
    }

    public EngineOptions withDelayedNameRemoval(boolean value) {
        return new EngineOptions(lookbackDelta, timeout, maxSamples, maxPointsPerSeries, defaultSubqueryStep, experimentalFunctions, value, nanoClock);
    }

    public EngineOptions withNanoClock(LongSupplier value) {
        return new EngineOptions(lookbackDelta, timeout, maxSamples, maxPointsPerSeries, defaultSubqueryStep, experimentalFunctions, delayedNameRemoval, value);
    }
}
