package io.promless.blocks.query;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockReader;
import io.promless.blocks.BlockStore;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads the blocks the {@link BlockIndex} lists. Each querier takes the index as it is when
 * opened and reads only blocks overlapping its window. Opened block files are cached (up to
 * {@code maxCachedBlocks}), so a warm function does not fetch them again; blocks are immutable
 * under their id, so the cache never goes stale. A block that cannot be read fails the query
 * with an error naming it; queries whose window misses it are unaffected. Thread-safe.
 */
public final class BlockQueryable implements Queryable {
    private final BlockIndex index;
    private final BlockStore store;
    private final int maxCachedBlocks;
    private final Map<String, BlockReader> readers = new ConcurrentHashMap<>();
    private final LongAdder blocksOpened = new LongAdder();

    public BlockQueryable(BlockIndex index, BlockStore store, int maxCachedBlocks) {
        this.index = requireNonNull(index, "index is null");
        this.store = requireNonNull(store, "store is null");
        if (maxCachedBlocks < 0) {
            throw new IllegalArgumentException("maxCachedBlocks is negative: " + maxCachedBlocks);
        }
        this.maxCachedBlocks = maxCachedBlocks;
    }

    public BlockQueryable(BlockIndex index, BlockStore store) {
        this(index, store, 16);
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
        if (maxTime < minTime) {
            throw new IllegalArgumentException("maxTime " + maxTime + " before minTime " + minTime);
        }
        List<BlockMeta> overlapping = new ArrayList<>();
        for (BlockMeta meta : index.blocks()) {
            if (meta.overlaps(minTime, maxTime)) {
                overlapping.add(meta);
            }
        }
        return new BlockQuerier(overlapping, this::reader, minTime, maxTime);
    }

    /** Block files fetched from the object store (cache misses). */
    public long blocksOpened() {
        return blocksOpened.sum();
    }

    private BlockReader reader(BlockMeta meta) {
        BlockReader cached = readers.get(meta.id());
        if (cached != null) {
            return cached;
        }
        BlockReader opened = store.open(meta.id());
        blocksOpened.increment();
        if (readers.size() >= maxCachedBlocks) {
            readers.clear();
        }
        if (maxCachedBlocks > 0) {
            readers.put(meta.id(), opened);
        }
        return opened;
    }
}
