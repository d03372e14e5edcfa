package io.promless.tsdb.head;

import java.time.Duration;

/**
 * How {@link SegmentHeadWriter} lays out the head.
 *
 * @param bucketMillis width of a time bucket, aligned to the epoch (default 2 h, the compaction window)
 * @param shardCount shards per metric and bucket, chosen from the series id (spreads hot metrics)
 * @param retentionSeconds how long a segment outlives its bucket's end before the store may expire it
 * @param maxSamplesPerSegment larger groups are split into several segments (DynamoDB items stay well under 400 KB)
 */
public record HeadOptions(long bucketMillis, int shardCount, long retentionSeconds, int maxSamplesPerSegment) {
    public static final long DEFAULT_BUCKET_MILLIS = Duration.ofHours(2).toMillis();
    public static final int DEFAULT_SHARD_COUNT = 4;
    public static final long DEFAULT_RETENTION_SECONDS = Duration.ofHours(6).toSeconds();
    public static final int DEFAULT_MAX_SAMPLES_PER_SEGMENT = 8192;

    public HeadOptions {
        if (bucketMillis <= 0 || bucketMillis % 1000 != 0) {
            throw new IllegalArgumentException("bucketMillis must be a positive whole number of seconds: " + bucketMillis);
        }
        if (shardCount < 1) {
            throw new IllegalArgumentException("shardCount must be at least 1: " + shardCount);
        }
        if (retentionSeconds < 0) {
            throw new IllegalArgumentException("retentionSeconds is negative: " + retentionSeconds);
        }
        if (maxSamplesPerSegment < 1) {
            throw new IllegalArgumentException("maxSamplesPerSegment must be at least 1: " + maxSamplesPerSegment);
        }
    }

    public static HeadOptions defaults() {
        return new HeadOptions(DEFAULT_BUCKET_MILLIS, DEFAULT_SHARD_COUNT, DEFAULT_RETENTION_SECONDS,
                DEFAULT_MAX_SAMPLES_PER_SEGMENT);
    }

    public HeadOptions withRetention(Duration retention) {
        return new HeadOptions(bucketMillis, shardCount, retention.toSeconds(), maxSamplesPerSegment);
    }

    public HeadOptions withShardCount(int shards) {
        return new HeadOptions(bucketMillis, shards, retentionSeconds, maxSamplesPerSegment);
    }

    public HeadOptions withBucket(Duration bucket) {
        return new HeadOptions(bucket.toMillis(), shardCount, retentionSeconds, maxSamplesPerSegment);
    }

    public HeadOptions withMaxSamplesPerSegment(int maxSamples) {
        return new HeadOptions(bucketMillis, shardCount, retentionSeconds, maxSamples);
    }

    /** Start of the bucket holding {@code timestamp}. */
    public long bucketStart(long timestamp) {
        return Math.floorDiv(timestamp, bucketMillis) * bucketMillis;
    }

    /** The shard of a series: a mix of its id, so neighbouring hashes spread evenly. */
    public int shardOf(long seriesId) {
        long mixed = seriesId * 0x9E3779B97F4A7C15L;
        mixed ^= mixed >>> 32;
        return (int) Math.floorMod(mixed, (long) shardCount);
    }

    /** The epoch second after which a segment of the bucket starting at {@code bucketStart} may expire. */
    public long expiresAtEpochSecond(long bucketStart) {
        return Math.floorDiv(bucketStart + bucketMillis, 1000L) + retentionSeconds;
    }
}
