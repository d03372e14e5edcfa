package io.promless.api;

import io.promless.promql.QueryEngine;
import io.promless.promql.value.Value;
import io.promless.storage.Queryable;
import java.util.function.Supplier;

/** A QueryEngine that answers what a test tells it to and remembers how it was asked. */
public final class RecordingQueryEngine implements QueryEngine {
    private Supplier<Value> answer = () -> {
        throw new AssertionError("the test did not expect a query");
    };
    public String lastQuery;
    public long lastTime = Long.MIN_VALUE;
    long lastStart = Long.MIN_VALUE;
    long lastEnd = Long.MIN_VALUE;
    long lastStep = Long.MIN_VALUE;
    int calls;

    public RecordingQueryEngine answering(Value value) {
        answer = () -> value;
        return this;
    }

    public RecordingQueryEngine failing(RuntimeException exception) {
        answer = () -> {
            throw exception;
        };
        return this;
    }

    @Override
    public Value instantQuery(Queryable storage, String query, long time) {
        calls++;
        lastQuery = query;
        lastTime = time;
        return answer.get();
    }

    @Override
    public Value rangeQuery(Queryable storage, String query, long start, long end, long step) {
        calls++;
        lastQuery = query;
        lastStart = start;
        lastEnd = end;
        lastStep = step;
        return answer.get();
    }
}
