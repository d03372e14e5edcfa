package io.promless.api;

/**
 * The compacted blocks (the data older than the head) as /api/v1/status/tsdb summarises them
 * in its Promless-specific {@code blockStats} field, which the web UI's status page shows when
 * present. Optional: an API built without one leaves the field out, as Prometheus does. The
 * composition root fills it from the block index. Called once per request; thread-safe.
 */
@FunctionalInterface
public interface BlockStatusView {
    BlockStatus blockStatus();

    /**
     * @param blockCount how many blocks the index lists
     * @param bytes their total size in the object store
     * @param minTime the oldest block's start, epoch milliseconds (meaningless when there is no block)
     * @param maxTime the newest block's end, epoch milliseconds (meaningless when there is no block)
     * @param series series summed over the blocks (a series in two blocks counts twice)
     * @param samples samples summed over the blocks
     */
    record BlockStatus(long blockCount, long bytes, long minTime, long maxTime, long series, long samples) {
        public BlockStatus {
            if (blockCount < 0 || bytes < 0 || series < 0 || samples < 0) {
                throw new IllegalArgumentException("block counts must not be negative: blocks " + blockCount
                        + ", bytes " + bytes + ", series " + series + ", samples " + samples);
            }
            if (blockCount > 0 && minTime > maxTime) {
                throw new IllegalArgumentException("minTime " + minTime + " is after maxTime " + maxTime);
            }
        }
    }
}
