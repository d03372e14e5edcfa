package io.promless.aws;

import io.promless.tsdb.head.SegmentKey;

/**
 * The key layout of the DynamoDB head (docs/dynamodb-layout.md). Both tables have a string
 * partition key "pk" and a string sort key "sk". Prefixes keep item kinds apart; the metric
 * name always comes last in a key, after fixed-width or delimited fields, so any UTF-8 metric
 * name (Prometheus 3 allows them) is unambiguous. Times are written as 16 hex digits of the
 * value with its sign bit flipped, so string order is numeric order, negatives included.
 */
final class HeadTableKeys {
    static final String PARTITION_KEY = "pk";
    static final String SORT_KEY = "sk";

    /** Series table: the partition listing every metric name, one item each. */
    static final String METRIC_NAMES_PARTITION = "metrics";
    static final String METRIC_NAME_PREFIX = "m|";
    static final String SERIES_PARTITION_PREFIX = "series|";

    /** Segments table. */
    static final String SEGMENT_PARTITION_PREFIX = "seg|";
    static final String SEGMENT_SORT_PREFIX = "s|";
    static final String DIRECTORY_PARTITION_PREFIX = "dir|";
    static final String DIRECTORY_BUCKET_PREFIX = "b|";
    static final String DIRECTORY_EXTENT_SORT_KEY = "extent";

    private HeadTableKeys() {}

    static String seriesPartition(String metricName) {
        return SERIES_PARTITION_PREFIX + metricName;
    }

    static String seriesSortKey(long seriesId) {
        return String.format("%016x", seriesId);
    }

    static long seriesId(String sortKey) {
        return Long.parseUnsignedLong(sortKey, 16);
    }

    static String metricNameSortKey(String metricName) {
        return METRIC_NAME_PREFIX + metricName;
    }

    static String segmentPartition(String metricName, long bucketStart, int shard) {
        return SEGMENT_PARTITION_PREFIX + orderedHex(bucketStart) + "|" + shard + "|" + metricName;
    }

    static String segmentPartition(SegmentKey key) {
        return segmentPartition(key.metricName(), key.bucketStart(), key.shard());
    }

    static String segmentSortKey(String id) {
        return SEGMENT_SORT_PREFIX + id;
    }

    static String directoryPartition(String metricName) {
        return DIRECTORY_PARTITION_PREFIX + metricName;
    }

    static String directorySortKey(long bucketStart, int shard) {
        return DIRECTORY_BUCKET_PREFIX + orderedHex(bucketStart) + "|" + shard;
    }

    /** The smallest directory sort key of a bucket start (any shard). */
    static String directoryLowerBound(long bucketStart) {
        return DIRECTORY_BUCKET_PREFIX + orderedHex(bucketStart) + "|";
    }

    /** The largest directory sort key of a bucket start ('}' sorts after every digit). */
    static String directoryUpperBound(long bucketStart) {
        return DIRECTORY_BUCKET_PREFIX + orderedHex(bucketStart) + "|}";
    }

    /** A directory entry's bucket and shard, parsed back from its sort key. */
    record Partition(long bucketStart, int shard) {}

    static Partition parseDirectorySortKey(String sortKey) {
        int start = DIRECTORY_BUCKET_PREFIX.length();
        long bucketStart = fromOrderedHex(sortKey.substring(start, start + 16));
        int shard = Integer.parseInt(sortKey.substring(start + 17));
        return new Partition(bucketStart, shard);
    }

    static String orderedHex(long value) {
        String hex = Long.toHexString(value ^ Long.MIN_VALUE);
        return "0".repeat(16 - hex.length()) + hex;
    }

    static long fromOrderedHex(String hex) {
        return Long.parseUnsignedLong(hex, 16) ^ Long.MIN_VALUE;
    }
}
