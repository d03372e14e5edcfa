package io.promless.blocks.backfill;

/**
 * How {@link OpenMetricsImporter} cuts a file into blocks and bounds its memory.
 *
 * @param blockDurationMillis length of each block's window, aligned to multiples of it from the
 *     Unix epoch (2 h, as promtool and compaction use)
 * @param maxSamplesInMemory samples held at once; a pass over the file collects as many whole
 *     windows as fit (always at least one)
 * @param chunkBytes size of the pieces the file is parsed in
 */
public record ImportOptions(long blockDurationMillis, long maxSamplesInMemory, int chunkBytes) {
    public static final long DEFAULT_BLOCK_DURATION_MILLIS = 2 * 60 * 60 * 1000L;

    public ImportOptions {
        if (blockDurationMillis <= 0) {
            throw new IllegalArgumentException("blockDurationMillis must be positive: " + blockDurationMillis);
        }
        if (maxSamplesInMemory <= 0) {
            throw new IllegalArgumentException("maxSamplesInMemory must be positive: " + maxSamplesInMemory);
        }
        if (chunkBytes <= 0) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
    }

    /** 2 h blocks, up to 10 M samples (about 200 MB) in memory, 4 MiB pieces. */
    public static ImportOptions defaults() {
        return new ImportOptions(DEFAULT_BLOCK_DURATION_MILLIS, 10_000_000, 4 << 20);
    }
}
