package io.promless.model;

/**
 * Prometheus's staleness marker: a special NaN bit pattern written when a series disappears
 * from a target. It must be told apart from an ordinary NaN value by its bits.
 */
public final class StaleMarker {
    public static final long BITS = 0x7ff0000000000002L;
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {}

    public static boolean isStale(double value) {
        return Double.doubleToRawLongBits(value) == BITS;
    }
}
