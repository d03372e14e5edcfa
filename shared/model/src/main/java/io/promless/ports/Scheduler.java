package io.promless.ports;

import java.time.Duration;

/**
 * Runs work periodically: EventBridge schedules in AWS, a timer in the local mode. Engine code
 * takes the time to act on as an argument and never reads the system clock itself.
 */
public interface Scheduler extends AutoCloseable {
    /** Calls {@code task} with the scheduled time in epoch milliseconds, every {@code interval}. */
    void every(Duration interval, ScheduledTask task);

    @Override
    void close();

    @FunctionalInterface
    interface ScheduledTask {
        void run(long scheduledTimeMillis);
    }
}
