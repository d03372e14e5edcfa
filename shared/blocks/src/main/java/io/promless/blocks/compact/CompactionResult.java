package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

/** What one compaction run did for one window. */
public record CompactionResult(String blockId, Outcome outcome, long seriesCount, long sampleCount, long bytes) {
    public enum Outcome {
        /** A block was uploaded and indexed. */
        WRITTEN,
        /** The window's block was already indexed by an earlier run; nothing was written. */
        ALREADY_INDEXED,
        /** The head has no samples in the window; no block was written. */
        EMPTY
    }

    public CompactionResult {
        requireNonNull(blockId, "blockId is null");
        requireNonNull(outcome, "outcome is null");
    }
}
