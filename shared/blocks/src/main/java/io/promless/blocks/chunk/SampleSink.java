package io.promless.blocks.chunk;

/** Receives decoded samples in timestamp order. */
@FunctionalInterface
public interface SampleSink {
    void accept(long timestamp, double value);
}
