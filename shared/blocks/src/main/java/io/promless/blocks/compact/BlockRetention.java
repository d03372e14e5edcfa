package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockStore;
import io.promless.ports.ObjectStore;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Deletes blocks entirely older than the retention: first from the index (queries stop reading
 * them), then their objects. Objects of unindexed blocks past the retention (left by a crash
 * between the two steps) are deleted too. Time is an argument. Single runner at a time.
 */
public final class BlockRetention {
    private final ObjectStore objects;
    private final BlockStore store;
    private final BlockIndex index;
    private final LongAdder blocksDeleted = new LongAdder();

    public BlockRetention(ObjectStore objects) {
        this.objects = requireNonNull(objects, "objects is null");
        this.store = new BlockStore(objects);
        this.index = new BlockIndex(objects);
    }

    /** @return ids of the blocks deleted, from the index or as orphans, sorted */
    public List<String> apply(long now, Duration retention) {
        requireNonNull(retention, "retention is null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        long cutoff = now - retention.toMillis();
        List<String> expired = index.blocks().stream().filter(meta -> meta.maxTime() <= cutoff).map(BlockMeta::id).toList();
        if (!expired.isEmpty()) {
            index.remove(expired);
        }
        TreeSet<String> deleted = new TreeSet<>(expired);
        for (String key : objects.list(BlockStore.PREFIX)) {
            String rest = key.substring(BlockStore.PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                String id = rest.substring(0, slash);
                BlockId.window(id).filter(window -> window[1] <= cutoff).ifPresent(window -> deleted.add(id));
            }
        }
        for (String id : deleted) {
            store.delete(id);
        }
        blocksDeleted.add(deleted.size());
        return List.copyOf(deleted);
    }

    public long blocksDeleted() {
        return blocksDeleted.sum();
    }
}
