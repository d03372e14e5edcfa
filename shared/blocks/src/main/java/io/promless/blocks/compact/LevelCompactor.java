package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockReader;
import io.promless.blocks.BlockSpec;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.EncodedBlock;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Merges the indexed blocks that lie inside a larger window {@code [start, end)} (e.g. six 2 h
 * blocks into one 12 h block) into one block of a higher level.
 *
 * <p>Steps: upload the merged block; swap it for its sources in one write of the index; delete
 * the sources' objects. A crash before the swap leaves the sources indexed and the rerun redoes
 * the upload; a crash after it leaves only orphaned source objects, which the rerun deletes
 * (they are listed in the merged block's meta). Queries see the sources or the merged block,
 * never neither; while both exist they de-duplicate by timestamp. Single compactor at a time.
 *
 * <p>The merge streams: sources are read one row group at a time and merged in row order
 * ({@link RowOrderMerge}) while the writer encodes, so memory holds one row group per source
 * plus the encoded result, not the decoded samples of every source.
 */
public final class LevelCompactor {
    private final BlockStore store;
    private final BlockIndex index;
    private final BlockWriter writer;
    private final LongAdder blocksMerged = new LongAdder();

    public LevelCompactor(BlockStore store, BlockIndex index, BlockWriter writer) {
        this.store = requireNonNull(store, "store is null");
        this.index = requireNonNull(index, "index is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    /** @param level of the merged block; only indexed blocks of lower levels inside the window are merged */
    public CompactionResult compact(long start, long end, int level) {
        if (end <= start) {
            throw new IllegalArgumentException("window end " + end + " not after start " + start);
        }
        if (level < 2) {
            throw new IllegalArgumentException("merged blocks have level 2 or more: " + level);
        }
        String blockId = BlockId.forWindow(level, start, end);
        List<BlockMeta> indexed = index.blocks();
        Optional<BlockMeta> done = indexed.stream().filter(meta -> meta.id().equals(blockId)).findFirst();
        if (done.isPresent()) {
            deleteOrphanedSources(done.get(), indexed);
            return new CompactionResult(blockId, CompactionResult.Outcome.ALREADY_INDEXED, 0, 0, 0);
        }
        List<BlockMeta> sources = indexed.stream()
                .filter(meta -> meta.minTime() >= start && meta.maxTime() <= end && meta.level() < level)
                .toList();
        if (sources.isEmpty()) {
            return new CompactionResult(blockId, CompactionResult.Outcome.EMPTY, 0, 0, 0);
        }
        // Streaming: each source is read one row group at a time and the series are merged in
        // row order as the writer takes them, so no source is held whole in memory.
        List<Iterator<Series>> scans = new ArrayList<>(sources.size());
        Set<String> labelNames = new TreeSet<>();
        for (BlockMeta source : sources) {
            BlockReader reader = store.open(source);
            labelNames.addAll(reader.labelNames());
            scans.add(reader.scan(start, end - 1));
        }
        List<String> sourceIds = sources.stream().map(BlockMeta::id).toList();
        EncodedBlock block = writer.write(new BlockSpec(blockId, start, end, level, sourceIds), labelNames,
                new RowOrderMerge(scans));
        store.upload(block);
        index.replace(sourceIds, List.of(block.meta()));
        for (String source : sourceIds) {
            store.delete(source);
        }
        blocksMerged.add(sources.size());
        return new CompactionResult(blockId, CompactionResult.Outcome.WRITTEN, block.meta().seriesCount(),
                block.meta().sampleCount(), block.data().length);
    }

    /** Source blocks merged into others so far (their objects deleted). */
    public long blocksMerged() {
        return blocksMerged.sum();
    }

    private void deleteOrphanedSources(BlockMeta merged, List<BlockMeta> indexed) {
        List<String> stillIndexed = new ArrayList<>();
        for (String source : merged.sources()) {
            if (indexed.stream().anyMatch(meta -> meta.id().equals(source))) {
                stillIndexed.add(source);
            }
        }
        // A crash cannot leave these indexed (the swap is one write); drop them anyway if present.
        if (!stillIndexed.isEmpty()) {
            index.remove(stillIndexed);
        }
        for (String source : merged.sources()) {
            store.delete(source);
        }
    }
}
