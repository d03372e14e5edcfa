package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one {@link CompactionService#run} did.
 *
 * @param now the time the run acted on (epoch ms)
 * @param headWindows one result per head window compacted or checked for late samples
 * @param levelMerges one result per larger window merged or checked
 * @param orphansDeleted source blocks whose objects outlived their merge (a crash) and were deleted now
 * @param expired blocks deleted by retention
 * @param failures one line per step that failed (the run went on with the others); empty when all succeeded
 */
public record CompactionRun(long now, List<CompactionResult> headWindows, List<CompactionResult> levelMerges,
        List<String> orphansDeleted, List<String> expired, List<String> failures) {
    public CompactionRun {
        headWindows = List.copyOf(requireNonNull(headWindows, "headWindows is null"));
        levelMerges = List.copyOf(requireNonNull(levelMerges, "levelMerges is null"));
        orphansDeleted = List.copyOf(requireNonNull(orphansDeleted, "orphansDeleted is null"));
        expired = List.copyOf(requireNonNull(expired, "expired is null"));
        failures = List.copyOf(requireNonNull(failures, "failures is null"));
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** Blocks written by this run: level-1 and late-sample blocks, and merged blocks. */
    public long blocksWritten() {
        return headWindows.stream().filter(CompactionRun::written).count()
                + levelMerges.stream().filter(CompactionRun::written).count();
    }

    /** Samples written into level-1 and late-sample blocks by this run. */
    public long samplesCompacted() {
        return headWindows.stream().filter(CompactionRun::written).mapToLong(CompactionResult::sampleCount).sum();
    }

    private static boolean written(CompactionResult result) {
        return result.outcome() == CompactionResult.Outcome.WRITTEN;
    }
}
