package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads the head through the storage port: series come from the series index, samples from the
 * segments overlapping the query window, merged per series and de-duplicated by timestamp.
 * Thread-safe; each querier it hands out is single-threaded.
 */
public final class HeadQueryable implements Queryable {
    private final HeadStore store;
    private final HeadOptions options;
    private final LongAdder corruptSegments = new LongAdder();

    /** @param options must match the writer's {@link HeadOptions#metricGroups()} */
    public HeadQueryable(HeadStore store, HeadOptions options) {
        this.store = requireNonNull(store, "store is null");
        this.options = requireNonNull(options, "options is null");
    }

    public HeadQueryable(HeadStore store) {
        this(store, HeadOptions.defaults());
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        if (maxTime < minTime) {
            throw new IllegalArgumentException("maxTime " + maxTime + " before minTime " + minTime);
        }
        return new HeadQuerier(store, options, minTime, maxTime, corruptSegments);
    }

    /** Segments skipped because they could not be decoded (also logged). */
    public long corruptSegments() {
        return corruptSegments.sum();
    }
}
