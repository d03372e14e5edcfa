package io.promless.tsdb.head;

import java.time.Duration;

/**
 * How {@link SegmentHeadWriter} lays out the head.
 *
 * @param bucketMillis width of a time bucket, aligned to the epoch (default 2 h, the compaction window)
 * @param shardCount the most shards a metric's bucket is spread over (spreads hot metrics); a batch uses
 *     one shard per {@code seriesPerShard} series of a metric, so small metrics stay in one segment
 * @param retentionSeconds how long a segment outlives its bucket's end before the store may expire it
 * @param maxSamplesPerSegment larger groups are split into several segments (DynamoDB items stay well under 400 KB)
 * @param seriesPerShard how many series of one metric in one batch fill a shard before the next one is
 *     used (default 512: a segment of ~512 samples is about one DynamoDB write unit, 1 KB)
 * @param metricGroups 0 to store each metric's segments under its own name; otherwise metrics are
 *     hashed into this many groups (default 8) and a group's segments hold the series of all its
 *     metrics: far fewer, larger segments for exporters with many small metrics (a node_exporter
 *     scrape becomes ~8 writes instead of ~285, and under 3 instead of 7.5 bytes per sample), at
 *     the price of reading a whole group for a query. Writers and readers of one store must agree
 *     on it. See docs/head-format.md and `bin/benchmark aws` for the cost figures behind the defaults.
 */
public record HeadOptions(long bucketMillis, int shardCount, long retentionSeconds, int maxSamplesPerSegment,
        int seriesPerShard, int metricGroups) {
    public static final long DEFAULT_BUCKET_MILLIS = Duration.ofHours(2).toMillis();
    public static final int DEFAULT_SHARD_COUNT = 4;
    // Until compaction to blocks exists the head is the only copy, so it keeps Prometheus's
    // default retention (--storage.tsdb.retention.time=15d).
    public static final long DEFAULT_RETENTION_SECONDS = Duration.ofDays(15).toSeconds();
    public static final int DEFAULT_MAX_SAMPLES_PER_SEGMENT = 8192;
    public static final int DEFAULT_SERIES_PER_SHARD = 512;
    public static final int DEFAULT_METRIC_GROUPS = 8;

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
        if (seriesPerShard < 1) {
            throw new IllegalArgumentException("seriesPerShard must be at least 1: " + seriesPerShard);
        }
        if (metricGroups < 0) {
            throw new IllegalArgumentException("metricGroups is negative: " + metricGroups);
        }
    }

    public static HeadOptions defaults() {
        return new HeadOptions(DEFAULT_BUCKET_MILLIS, DEFAULT_SHARD_COUNT, DEFAULT_RETENTION_SECONDS,
                DEFAULT_MAX_SAMPLES_PER_SEGMENT, DEFAULT_SERIES_PER_SHARD, DEFAULT_METRIC_GROUPS);
    }

    public HeadOptions withRetention(Duration retention) {
        return new HeadOptions(bucketMillis, shardCount, retention.toSeconds(), maxSamplesPerSegment, seriesPerShard, metricGroups);
    }

    public HeadOptions withShardCount(int shards) {
        return new HeadOptions(bucketMillis, shards, retentionSeconds, maxSamplesPerSegment, seriesPerShard, metricGroups);
    }

    public HeadOptions withBucket(Duration bucket) {
        return new HeadOptions(bucket.toMillis(), shardCount, retentionSeconds, maxSamplesPerSegment, seriesPerShard, metricGroups);
    }

    public HeadOptions withMaxSamplesPerSegment(int maxSamples) {
        return new HeadOptions(bucketMillis, shardCount, retentionSeconds, maxSamples, seriesPerShard, metricGroups);
    }

    public HeadOptions withSeriesPerShard(int series) {
        return new HeadOptions(bucketMillis, shardCount, retentionSeconds, maxSamplesPerSegment, series, metricGroups);
    }

    public HeadOptions withMetricGroups(int groups) {
        return new HeadOptions(bucketMillis, shardCount, retentionSeconds, maxSamplesPerSegment, seriesPerShard, groups);
    }

    /**
     * The name a metric's segments are stored under ({@link SegmentKey#metricName()}): the metric
     * itself, or its group's name {@code __group_N__} when metrics are grouped.
     */
    public String partitionOf(String metricName) {
        if (metricGroups == 0) {
            return metricName;
        }
        // String.hashCode is specified by the JDK, so the grouping is stable across releases.
        long mixed = metricName.hashCode() * 0x9E3779B97F4A7C15L;
        return groupName((int) Math.floorMod(mixed ^ (mixed >>> 32), (long) metricGroups));
    }

    // Group names are built once: partitionOf runs for every series of every batch.
    private static final String[] COMMON_GROUP_NAMES = new String[1024];

    static {
        for (int group = 0; group < COMMON_GROUP_NAMES.length; group++) {
            COMMON_GROUP_NAMES[group] = "__group_" + group + "__";
        }
    }

    private static String groupName(int group) {
        return group < COMMON_GROUP_NAMES.length ? COMMON_GROUP_NAMES[group] : "__group_" + group + "__";
    }

    /** Shards used for {@code seriesCount} series of one metric and bucket in one batch. */
    public int shardsFor(int seriesCount) {
        return (int) Math.min(shardCount, Math.max(1, (seriesCount + (long) seriesPerShard - 1) / seriesPerShard));
    }

    /** Start of the bucket holding {@code timestamp}. */
    public long bucketStart(long timestamp) {
        return Math.floorDiv(timestamp, bucketMillis) * bucketMillis;
    }

    /** The shard of a series among {@code shards}: a mix of its id, so neighbouring hashes spread evenly. */
    public static int shardOf(long seriesId, int shards) {
        long mixed = seriesId * 0x9E3779B97F4A7C15L;
        mixed ^= mixed >>> 32;
        return (int) Math.floorMod(mixed, (long) shards);
    }

    /** The epoch second after which a segment of the bucket starting at {@code bucketStart} may expire. */
    public long expiresAtEpochSecond(long bucketStart) {
        return Math.floorDiv(bucketStart + bucketMillis, 1000L) + retentionSeconds;
    }
}
