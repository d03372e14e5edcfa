package io.promless.promql.engine;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import java.util.function.LongSupplier;

/** Enforces one query's sample budget and deadline, with Prometheus's error messages. Single-threaded. */
final class QueryLimits {
    private final long maxSamples;
    private final LongSupplier nanoClock;
    private final long deadline;
    private long samples;

    QueryLimits(long maxSamples, long timeoutNanos, LongSupplier nanoClock) {
        this.maxSamples = maxSamples;
        this.nanoClock = nanoClock;
        this.deadline = nanoClock.getAsLong() + timeoutNanos;
    }

    void addSamples(long count) {
        samples += count;
        if (samples > maxSamples) {
            throw new PromlessException(ErrorType.EXECUTION,
                    "query processing would load too many samples into memory in query execution");
        }
        checkDeadline();
    }

    void checkDeadline() {
        if (nanoClock.getAsLong() - deadline > 0) {
            throw new PromlessException(ErrorType.TIMEOUT, "query timed out in query execution");
        }
    }
}
