package io.promless.storage;

/** Anything PromQL and the API can read from: the head, blocks, or both merged. Thread-safe. */
@FunctionalInterface
public interface Queryable {
    Querier querier(long minTime, long maxTime);
}
