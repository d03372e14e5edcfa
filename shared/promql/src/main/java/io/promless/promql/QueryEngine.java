package io.promless.promql;

import io.promless.promql.value.Value;
import io.promless.storage.Queryable;

/**
 * Evaluates PromQL over a {@link Queryable}. Times are epoch milliseconds. Errors are
 * {@link io.promless.errors.PromlessException}s: BAD_DATA for parse and type errors (message
 * formatted like Prometheus's, with position), EXECUTION, TIMEOUT or CANCELED while evaluating.
 * Thread-safe.
 */
public interface QueryEngine {
    /** An instant query; a range query's result type is always a {@code MatrixValue}. */
    Value instantQuery(Queryable storage, String query, long time);

    Value rangeQuery(Queryable storage, String query, long start, long end, long step);
}
