package io.promless.tsdb.head;

import java.util.List;

/**
 * The durable head: a series index written once per new series, and sample segments holding
 * many samples each (never one item per sample). DynamoDB in AWS, files locally.
 *
 * <p>Segments are immutable blobs addressed by {@link SegmentKey}; writing the same key again
 * replaces the item with identical content, which is what makes ingest idempotent. Readers
 * de-duplicate samples by timestamp, so overlapping segments never corrupt a query.
 * Implementations are thread-safe.
 */
public interface HeadStore {
    /** Records a series if absent (a conditional put); returns true when this call created it. */
    boolean putSeriesIfAbsent(SeriesEntry entry);

    /** Every series of one metric name, in no particular order. */
    List<SeriesEntry> seriesOf(String metricName);

    /** Every metric name that has at least one series, sorted. */
    List<String> metricNames();

    /** Writes segments; on return all of them are durable. */
    void putSegments(List<Segment> segments);

    /**
     * Segments stored under one name ({@link SegmentKey#metricName()}: a metric, or a metric group
     * when the writer groups metrics) whose [minTime, maxTime] overlaps the given window.
     */
    List<Segment> segments(String metricName, long minTime, long maxTime);
}
