package io.promless.promql;

import io.promless.promql.engine.QueryResult;
import io.promless.promql.value.Value;
import io.promless.storage.Queryable;
import java.util.List;

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

    /**
     * An instant query with the warnings and infos the API returns beside it (PromQL's
     * annotations and storage warnings such as an unreadable block). Engines without
     * annotations return none.
     */
    default QueryResult instantQueryWithAnnotations(Queryable storage, String query, long time) {
        return new QueryResult(instantQuery(storage, query, time), List.of(), List.of());
    }

    /** A range query with its warnings and infos; see {@link #instantQueryWithAnnotations}. */
    default QueryResult rangeQueryWithAnnotations(Queryable storage, String query, long start, long end, long step) {
        return new QueryResult(rangeQuery(storage, query, start, end, step), List.of(), List.of());
    }
}
