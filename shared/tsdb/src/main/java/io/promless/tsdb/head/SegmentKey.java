package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

/**
 * Where a segment lives: the metric it belongs to, the start of its time bucket, a shard that
 * spreads a hot metric across partitions, and an id derived from the queue message(s) that
 * produced it (so a redelivery rewrites the same key).
 */
public record SegmentKey(String metricName, long bucketStart, int shard, String id) {
    public SegmentKey {
        requireNonNull(metricName, "metricName is null");
        requireNonNull(id, "id is null");
        if (shard < 0) {
            throw new IllegalArgumentException("shard is negative");
        }
    }
}
