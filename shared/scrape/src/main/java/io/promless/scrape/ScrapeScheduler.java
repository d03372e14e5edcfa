package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.ports.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local mode's scrape loop: asks the scheduler to run each distinct scrape_interval of the
 * configuration; each tick covers the next window of that interval and scrapes every target of
 * the interval once, at its offset within the window, the same instants the scrape function
 * would use ({@link ScrapeRounds} with offsets for the functions' one-minute trigger). Windows
 * follow one another without gaps or overlaps whatever the ticks' jitter, so each target's
 * scrapes stay exactly one interval apart. A tick blocks its scheduler thread until the
 * window's last round has started: the scheduler needs a thread per interval. The loop owns
 * the scheduler it is given: closing the loop closes it.
 */
public final class ScrapeScheduler implements AutoCloseable {
    /** The scrape function's trigger period, whose offsets the local mode reuses. */
    public static final Duration FUNCTION_TRIGGER_PERIOD = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(ScrapeScheduler.class.getName());

    private final ScrapeService service;
    private final Scheduler scheduler;
    private final Sleeper sleeper;
    private final Map<Duration, Long> nextWindowStart = new ConcurrentHashMap<>();
    private boolean started;

    /** @param sleeper waits for each target's instant within a window */
    public ScrapeScheduler(ScrapeService service, Scheduler scheduler, Sleeper sleeper) {
        this.service = requireNonNull(service, "service is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    /** Registers one periodic task per scrape interval; call once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("scrape scheduler already started");
        }
        started = true;
        for (Duration interval : service.scheduleIntervals()) {
            scheduler.every(interval, scheduledTime -> tick(interval, scheduledTime));
        }
    }

    /** How many threads the scheduler needs: one per interval, as each tick waits out its window. */
    public static int threadsNeeded(ScrapeService service) {
        return Math.max(1, service.scheduleIntervals().size());
    }

    private void tick(Duration interval, long scheduledTime) {
        try {
            long windowStart = nextWindow(interval, scheduledTime);
            List<ScrapeTarget> targets = service.refresh(scheduledTime).stream()
                    .filter(target -> target.interval().equals(interval)).toList();
            List<ScrapeRound> rounds = ScrapeRounds.plan(targets, windowStart, interval, FUNCTION_TRIGGER_PERIOD);
            ScrapeRounds.launch(service.engine(), rounds, Long.MAX_VALUE, sleeper);
        } catch (RuntimeException e) {
            // The engine never throws for a target; this guards the scheduler thread against bugs.
            LOG.log(System.Logger.Level.ERROR, "scrape tick for interval " + interval + " failed", e);
        }
    }

    /** The window after the previous one; restarts at the tick when the loop fell a whole window behind. */
    private long nextWindow(Duration interval, long scheduledTime) {
        long length = interval.toMillis();
        Long planned = nextWindowStart.get(interval);
        long start = planned == null || scheduledTime - planned >= length || planned - scheduledTime >= length
                ? scheduledTime : planned;
        nextWindowStart.put(interval, start + length);
        return start;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
