package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a set of blocks adds up to, for status pages: how many, their bytes, the time they span,
 * and series and samples summed over them (a series in two blocks counts twice).
 *
 * @param minTime the oldest block's start; 0 when there are no blocks
 * @param maxTime the newest block's end; 0 when there are no blocks
 */
public record BlockTotals(long blocks, long bytes, long minTime, long maxTime, long series, long samples) {
    public static BlockTotals of(List<BlockMeta> metas) {
        requireNonNull(metas, "metas is null");
        long bytes = 0;
        long series = 0;
        long samples = 0;
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (BlockMeta meta : metas) {
            bytes += meta.dataBytes();
            series += meta.seriesCount();
            samples += meta.sampleCount();
            minTime = Math.min(minTime, meta.minTime());
            maxTime = Math.max(maxTime, meta.maxTime());
        }
        return metas.isEmpty() ? new BlockTotals(0, 0, 0, 0, 0, 0)
                : new BlockTotals(metas.size(), bytes, minTime, maxTime, series, samples);
    }
}
