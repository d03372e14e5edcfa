package io.promless.telemetry;

import java.util.concurrent.atomic.DoubleAdder;

/** A value that only goes up; thread-safe and cheap to increment from many threads. */
public final class Counter {
    private final DoubleAdder value = new DoubleAdder();

    Counter() {}

    public void inc() {
        value.add(1);
    }

    /** Adds a non-negative amount; a counter never goes down. */
    public void inc(double amount) {
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("counter increment must be finite and >= 0, got " + amount);
        }
        value.add(amount);
    }

    public double value() {
        return value.sum();
    }
}
