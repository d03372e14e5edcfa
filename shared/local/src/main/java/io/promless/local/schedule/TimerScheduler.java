package io.promless.local.schedule;

import static java.util.Objects.requireNonNull;

import io.promless.ports.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local mode's scheduler: a small pool of timer threads. Each task first runs right away,
 * then every interval; it is handed the wall-clock time of its tick, read here so that the
 * engine never reads the clock itself. A task that runs long delays only its own next tick.
 */
public final class TimerScheduler implements Scheduler {
    private final ScheduledExecutorService executor;
    private final Clock clock;

    public TimerScheduler(String threadName, int threads, Clock clock) {
        requireNonNull(threadName, "threadName is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.executor = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void every(Duration interval, ScheduledTask task) {
        requireNonNull(task, "task is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        executor.scheduleAtFixedRate(() -> task.run(clock.millis()), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
