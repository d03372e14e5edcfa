package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one entry point the scrape Lambda handler and the local mode share: which targets the
 * configuration names, and scraping all of them, one job's, or those due at a given time.
 * Holds no clock: every method takes the scrape time.
 */
public final class ScrapeService {
    private final PrometheusConfig config;
    private final ScrapeEngine engine;
    private final List<ScrapeTarget> targets;

    public ScrapeService(PrometheusConfig config, ScrapeEngine engine) {
        this.config = requireNonNull(config, "config is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.targets = ScrapeTarget.fromConfig(config);
    }

    public PrometheusConfig config() {
        return config;
    }

    public ScrapeEngine engine() {
        return engine;
    }

    /**
     * A service for a new configuration sharing this engine (so per-target state carries over
     * for targets that stay); targets that are gone get staleness markers at {@code nowMillis}.
     */
    public ScrapeService reload(PrometheusConfig newConfig, long nowMillis) {
        ScrapeService reloaded = new ScrapeService(newConfig, engine);
        engine.forgetTargetsExcept(reloaded.targets(), nowMillis);
        return reloaded;
    }

    /** Every configured target, in config order. */
    public List<ScrapeTarget> targets() {
        return targets;
    }

    /** Scrapes every target once, concurrently. */
    public List<ScrapeResult> scrapeAll(long nowMillis) {
        return engine.scrapeAll(targets, nowMillis);
    }

    /** Scrapes the targets of one job; none when the job is unknown. */
    public List<ScrapeResult> scrapeJob(String jobName, long nowMillis) {
        requireNonNull(jobName, "jobName is null");
        return engine.scrapeAll(targets.stream().filter(target -> target.jobName().equals(jobName)).toList(), nowMillis);
    }

    /** Scrapes the targets whose scrape_interval is {@code interval} (one tick of the local loop). */
    public List<ScrapeResult> scrapeInterval(Duration interval, long nowMillis) {
        requireNonNull(interval, "interval is null");
        return engine.scrapeAll(targets.stream().filter(target -> target.config().scrapeInterval().equals(interval)).toList(),
                nowMillis);
    }

    /**
     * For a trigger that fires every {@code triggerPeriod} (an EventBridge schedule): scrapes
     * each target whose interval has a boundary in {@code (now - triggerPeriod, now]}, so a
     * 5-minute job runs on every fifth 1-minute trigger. A job whose interval is shorter than
     * the trigger period is scraped once per trigger.
     */
    public List<ScrapeResult> scrapeDue(long nowMillis, Duration triggerPeriod) {
        requireNonNull(triggerPeriod, "triggerPeriod is null");
        long period = triggerPeriod.toMillis();
        if (period <= 0) {
            throw new IllegalArgumentException("triggerPeriod must be positive, got " + triggerPeriod);
        }
        List<ScrapeTarget> due = new ArrayList<>();
        for (ScrapeTarget target : targets) {
            long interval = target.config().scrapeInterval().toMillis();
            if (interval <= period || Math.floorDiv(nowMillis, interval) != Math.floorDiv(nowMillis - period, interval)) {
                due.add(target);
            }
        }
        return engine.scrapeAll(due, nowMillis);
    }

    /** Targets grouped by their scrape interval, shortest first: what a local loop schedules. */
    public Map<Duration, List<ScrapeTarget>> targetsByInterval() {
        Map<Duration, List<ScrapeTarget>> byInterval = new TreeMap<>();
        for (ScrapeTarget target : targets) {
            byInterval.computeIfAbsent(target.config().scrapeInterval(), key -> new ArrayList<>()).add(target);
        }
        byInterval.replaceAll((interval, list) -> List.copyOf(list));
        return java.util.Collections.unmodifiableMap(byInterval);
    }
}
