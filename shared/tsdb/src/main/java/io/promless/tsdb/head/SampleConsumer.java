package io.promless.tsdb.head;

/** Receives decoded samples; called in the segment's storage order, not sorted. */
@FunctionalInterface
public interface SampleConsumer {
    void accept(long seriesId, long timestamp, double value);
}
