package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * Waits for a wall-clock time: the only place the scrape rounds of one invocation touch real
 * time, so that tests run them instantly on a virtual clock.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Blocks until the wall clock reads at least {@code wallMillis} (returns at once when it
     * already does) and returns the wall time on waking.
     */
    long sleepUntil(long wallMillis) throws InterruptedException;

    /** Sleeps on the thread against this clock. */
    static Sleeper onClock(Clock clock) {
        requireNonNull(clock, "clock is null");
        return wallMillis -> {
            long now = clock.millis();
            while (now < wallMillis) {
                Thread.sleep(wallMillis - now);
                now = clock.millis();
            }
            return now;
        };
    }
}
