package io.promless.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down; thread-safe. */
public final class Gauge {
    // The double's bits, so set and add are atomic without a lock.
    private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

    Gauge() {}

    public void set(double value) {
        bits.set(Double.doubleToRawLongBits(value));
    }

    public void inc() {
        add(1);
    }

    public void dec() {
        add(-1);
    }

    public void add(double amount) {
        bits.updateAndGet(current -> Double.doubleToRawLongBits(Double.longBitsToDouble(current) + amount));
    }

    public double value() {
        return Double.longBitsToDouble(bits.get());
    }
}
