package io.promless.blocks.query;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockReader;
import io.promless.blocks.BlockStore;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads the blocks the {@link BlockIndex} lists, keeping what a warm function needs so repeated
 * queries cost few requests:
 *
 * <ul>
 *   <li>the index: re-read only when its generation changed (one small ranged GET, made at most
 *       once per {@link BlockCacheOptions#indexCheckInterval()}), parsed once per change;
 *   <li>opened blocks with their parsed Parquet footers, least recently used evicted beyond
 *       {@link BlockCacheOptions#maxCachedBlocks()}; blocks are immutable under their id, so a
 *       cached footer never goes stale.
 * </ul>
 *
 * <p>Each querier takes the index as it is when opened and reads only blocks overlapping its
 * window. A block that cannot be read (missing object, truncated, not Parquet, missing column,
 * undecodable chunk) is left out: the query answers from the other blocks and the head and
 * carries a warning naming the block ({@link Querier#warnings()}), as Prometheus returns partial
 * results with warnings. Thread-safe.
 */
public final class BlockQueryable implements Queryable {
    private final BlockIndex index;
    private final BlockStore store;
    private final BlockCacheOptions options;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, BlockReader> readers;
    private final LongAdder blocksOpened = new LongAdder();
    private final LongAdder blocksFailed = new LongAdder();
    private final LongAdder indexReads = new LongAdder();
    private final LongAdder indexChecks = new LongAdder();
    private final Object indexLock = new Object();
    private BlockIndex.Snapshot cachedIndex;
    private long lastIndexCheckMillis;

    /**
     * @param clock tells when {@link BlockCacheOptions#indexCheckInterval()} has passed; read only
     *     when that interval is not zero
     * @param executor reads the blocks of one query concurrently, so their ranged GETs overlap
     *     (e.g. a small fixed pool in a function); {@code Runnable::run} reads them one by one
     */
    public BlockQueryable(BlockIndex index, BlockStore store, BlockCacheOptions options, Clock clock, Executor executor) {
        this.index = requireNonNull(index, "index is null");
        this.store = requireNonNull(store, "store is null");
        this.options = requireNonNull(options, "options is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.executor = requireNonNull(executor, "executor is null");
        int capacity = options.maxCachedBlocks();
        this.readers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, BlockReader> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Reads the blocks of a query one after the other. */
    public BlockQueryable(BlockIndex index, BlockStore store, BlockCacheOptions options, Clock clock) {
        this(index, store, options, clock, Runnable::run);
    }

    /** Checks the index generation on every query; caches up to {@code maxCachedBlocks} opened blocks. */
    public BlockQueryable(BlockIndex index, BlockStore store, int maxCachedBlocks) {
        this(index, store, BlockCacheOptions.defaults().withMaxCachedBlocks(maxCachedBlocks), Clock.systemUTC());
    }

    public BlockQueryable(BlockIndex index, BlockStore store) {
        this(index, store, BlockCacheOptions.defaults(), Clock.systemUTC());
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        if (maxTime < minTime) {
            throw new IllegalArgumentException("maxTime " + maxTime + " before minTime " + minTime);
        }
        List<BlockMeta> overlapping = new ArrayList<>();
        for (BlockMeta meta : indexedBlocks()) {
            if (meta.overlaps(minTime, maxTime)) {
                overlapping.add(meta);
            }
        }
        return new BlockQuerier(overlapping, this::reader, this::failed, executor, minTime, maxTime);
    }

    /** Block footers fetched from the object store (cache misses). */
    public long blocksOpened() {
        return blocksOpened.sum();
    }

    /** Block reads that failed and were left out of a query with a warning. */
    public long blocksFailed() {
        return blocksFailed.sum();
    }

    /** Whole reads of the index object. */
    public long indexReads() {
        return indexReads.sum();
    }

    /** Cheap generation checks of the index object. */
    public long indexChecks() {
        return indexChecks.sum();
    }

    /** Blocks whose opened reader (with its parsed footer) is cached now. */
    public int cachedBlocks() {
        synchronized (readers) {
            return readers.size();
        }
    }

    private List<BlockMeta> indexedBlocks() {
        synchronized (indexLock) {
            boolean intervalZero = options.indexCheckInterval().isZero();
            long now = intervalZero ? 0 : clock.millis();
            if (cachedIndex != null && !intervalZero
                    && now - lastIndexCheckMillis < options.indexCheckInterval().toMillis()) {
                return cachedIndex.blocks();
            }
            if (cachedIndex != null && cachedIndex.generation() > 0) {
                indexChecks.increment();
                OptionalLong generation = index.generation();
                if (generation.isPresent() && generation.getAsLong() == cachedIndex.generation()) {
                    lastIndexCheckMillis = now;
                    return cachedIndex.blocks();
                }
            }
            indexReads.increment();
            cachedIndex = index.snapshot();
            lastIndexCheckMillis = now;
            return cachedIndex.blocks();
        }
    }

    private BlockReader reader(BlockMeta meta) {
        synchronized (readers) {
            BlockReader cached = readers.get(meta.id());
            if (cached != null) {
                return cached;
            }
        }
        BlockReader opened = store.open(meta);
        blocksOpened.increment();
        if (options.maxCachedBlocks() > 0) {
            synchronized (readers) {
                readers.put(meta.id(), opened);
            }
        }
        return opened;
    }

    /** Forgets a block that failed, so a repaired or re-uploaded object is read afresh. */
    private void failed(BlockMeta meta) {
        blocksFailed.increment();
        synchronized (readers) {
            readers.remove(meta.id());
        }
    }
}
