package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockSpec;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.EncodedBlock;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns one closed head window {@code [start, end)} into one level-1 block: read the window
 * from the head, write the Parquet file and meta, then record the block in the index.
 *
 * <p>Idempotent and crash-safe because the block id is derived from the window alone: a window
 * already indexed is skipped; a run that died before indexing is simply redone and overwrites
 * its own partial upload; queries read only indexed blocks and also the head, whose items
 * outlive compaction (TTL), so no step leaves a query wrong. Runs for the same window must not
 * overlap (the schedule runs one compactor at a time). Thread-safe otherwise.
 */
public final class HeadCompactor {
    private static final List<LabelMatcher> EVERY_SERIES = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));

    private final Queryable head;
    private final BlockStore store;
    private final BlockIndex index;
    private final BlockWriter writer;
    private final LongAdder blocksWritten = new LongAdder();
    private final LongAdder samplesCompacted = new LongAdder();

    public HeadCompactor(Queryable head, BlockStore store, BlockIndex index, BlockWriter writer) {
        this.head = requireNonNull(head, "head is null");
        this.store = requireNonNull(store, "store is null");
        this.index = requireNonNull(index, "index is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    /** @param start inclusive, @param end exclusive; the window must be closed (no more writes expected) */
    public CompactionResult compact(long start, long end) {
        if (end <= start) {
            throw new IllegalArgumentException("window end " + end + " not after start " + start);
        }
        String blockId = BlockId.forWindow(1, start, end);
        if (index.contains(blockId)) {
            return new CompactionResult(blockId, CompactionResult.Outcome.ALREADY_INDEXED, 0, 0, 0);
        }
        List<Series> series;
        try (Querier querier = head.querier(start, end - 1)) {
            series = querier.select(EVERY_SERIES);
        }
        long samples = series.stream().mapToLong(Series::size).sum();
        if (samples == 0) {
            return new CompactionResult(blockId, CompactionResult.Outcome.EMPTY, 0, 0, 0);
        }
        BlockSpec spec = new BlockSpec(blockId, start, end, 1, List.of("head:" + start + "-" + end));
        EncodedBlock block = writer.write(spec, series);
        store.upload(block);
        index.add(block.meta());
        blocksWritten.increment();
        samplesCompacted.add(samples);
        return new CompactionResult(blockId, CompactionResult.Outcome.WRITTEN, block.meta().seriesCount(), samples,
                block.data().length);
    }

    public long blocksWritten() {
        return blocksWritten.sum();
    }

    public long samplesCompacted() {
        return samplesCompacted.sum();
    }
}
