package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.ports.Scheduler;
import java.time.Duration;

/**
 * The local mode's scrape loop: asks the scheduler to run each distinct scrape_interval of the
 * configuration, and scrapes that interval's targets at every tick with the tick's time. The
 * loop owns the scheduler it is given: closing the loop closes it.
 */
public final class ScrapeScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ScrapeScheduler.class.getName());

    private final ScrapeService service;
    private final Scheduler scheduler;
    private boolean started;

    public ScrapeScheduler(ScrapeService service, Scheduler scheduler) {
        this.service = requireNonNull(service, "service is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
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

    private void tick(Duration interval, long scheduledTime) {
        try {
            service.scrapeInterval(interval, scheduledTime);
        } catch (RuntimeException e) {
            // The engine never throws for a target; this guards the scheduler thread against bugs.
            LOG.log(System.Logger.Level.ERROR, "scrape tick for interval " + interval + " failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
