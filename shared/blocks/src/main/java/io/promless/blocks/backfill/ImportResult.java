package io.promless.blocks.backfill;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockMeta;
import java.util.List;

/**
 * What an import wrote.
 *
 * @param blocks the blocks written and indexed, by time
 * @param samples samples written
 * @param duplicatesDropped samples whose series and timestamp appeared earlier in the file (the
 *     first is kept, as promtool does)
 * @param passes reads of the file (one to check it and find the time range, then one per group
 *     of windows that fit in memory)
 */
public record ImportResult(List<BlockMeta> blocks, long samples, long duplicatesDropped, int passes) {
    public ImportResult {
        blocks = List.copyOf(requireNonNull(blocks, "blocks is null"));
    }
}
