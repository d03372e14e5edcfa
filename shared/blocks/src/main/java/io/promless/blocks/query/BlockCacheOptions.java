package io.promless.blocks.query;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a warm query function keeps between queries.
 *
 * @param maxCachedBlocks opened blocks kept (parsed footer and the decoded labels of the row groups
 *     read so far: about 2 MB for a block of 10 000 series), least recently used evicted; 0 keeps none
 * @param indexCheckInterval how long the cached index is used without asking whether it changed;
 *     zero checks (one small ranged GET) on every query
 */
public record BlockCacheOptions(int maxCachedBlocks, Duration indexCheckInterval) {
    public static final int DEFAULT_MAX_CACHED_BLOCKS = 64;

    public BlockCacheOptions {
        requireNonNull(indexCheckInterval, "indexCheckInterval is null");
        if (maxCachedBlocks < 0) {
            throw new IllegalArgumentException("maxCachedBlocks is negative: " + maxCachedBlocks);
        }
        if (indexCheckInterval.isNegative()) {
            throw new IllegalArgumentException("indexCheckInterval is negative: " + indexCheckInterval);
        }
    }

    /** 64 blocks (5 days of 2 h blocks, more once level compaction merged them), index checked on every query. */
    public static BlockCacheOptions defaults() {
        return new BlockCacheOptions(DEFAULT_MAX_CACHED_BLOCKS, Duration.ZERO);
    }

    public BlockCacheOptions withMaxCachedBlocks(int blocks) {
        return new BlockCacheOptions(blocks, indexCheckInterval);
    }

    public BlockCacheOptions withIndexCheckInterval(Duration interval) {
        return new BlockCacheOptions(maxCachedBlocks, interval);
    }
}
