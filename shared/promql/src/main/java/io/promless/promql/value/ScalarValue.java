package io.promless.promql.value;

/** A scalar at an evaluation timestamp (milliseconds). */
public record ScalarValue(long timestamp, double value) implements Value {}
