package io.promless.model;

/** One float sample: a millisecond Unix timestamp and a value (NaN and infinities allowed). */
public record Sample(long timestamp, double value) {}
