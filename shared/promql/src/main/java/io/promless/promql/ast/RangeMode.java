package io.promless.promql.ast;

/**
 * How a selector reads its window (experimental extended range selectors): {@code ANCHORED}
 * adds the last sample before the window; {@code SMOOTHED} interpolates values at both window
 * boundaries from the neighbouring samples.
 */
public enum RangeMode {
    NORMAL,
    ANCHORED,
    SMOOTHED
}
