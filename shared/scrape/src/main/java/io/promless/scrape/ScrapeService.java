package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusConfig;
import io.promless.config.ScrapeConfig;
import io.promless.config.StaticConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one entry point the scrape Lambda handler and the local mode share: which targets the
 * configuration names (static configs and service discovery, relabeled), and scraping all of them,
 * one job's, or those due at a given time. Holds no clock: every method takes the scrape time,
 * and each scrape first refreshes discovery at that time; targets discovery no longer yields get
 * staleness markers for their series, as Prometheus writes when a target disappears.
 */
public final class ScrapeService {
    private final PrometheusConfig config;
    private final ScrapeEngine engine;
    private final DiscoveryFactory discoveryFactory;
    private final Map<ScrapeConfig, List<TargetDiscovery>> discoveries = new LinkedHashMap<>();
    private volatile Resolved current;
    private final CatalogPublisher catalog;

    private record Resolved(List<ScrapeTarget> active, List<DroppedTarget> dropped) {}

    /** A service with the standard (JDK-only) discovery mechanisms. */
    public ScrapeService(PrometheusConfig config, ScrapeEngine engine) {
        this(config, engine, DiscoveryFactory.standard());
    }

    /** @param discoveryFactory builds the discovery of every service discovery config */
    public ScrapeService(PrometheusConfig config, ScrapeEngine engine, DiscoveryFactory discoveryFactory) {
        this.config = requireNonNull(config, "config is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.discoveryFactory = requireNonNull(discoveryFactory, "discoveryFactory is null");
        this.catalog = new CatalogPublisher(engine.stateStore());
        for (ScrapeConfig scrapeConfig : config.scrapeConfigs()) {
            discoveries.put(scrapeConfig, DiscoveryFactory.createAll(discoveryFactory, scrapeConfig));
        }
        // The first discovery happens now, whatever the time: refreshes then follow the clock given.
        this.current = resolve(Long.MIN_VALUE);
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
        ScrapeService reloaded = new ScrapeService(newConfig, engine, discoveryFactory);
        reloaded.refresh(nowMillis);
        return reloaded;
    }

    /** The active targets as of the latest refresh, in config and discovery order. */
    public List<ScrapeTarget> targets() {
        return current.active();
    }

    /** The discovered targets relabeling dropped, as of the latest refresh. */
    public List<DroppedTarget> droppedTargets() {
        return current.dropped();
    }

    /**
     * Re-reads discovery due at {@code nowMillis} and re-resolves targets; targets that went away
     * get staleness markers. Returns the active targets.
     */
    public synchronized List<ScrapeTarget> refresh(long nowMillis) {
        Resolved next = discoveries.values().stream().allMatch(List::isEmpty) ? current : resolve(nowMillis);
        // Every round, not only on change: a cold container must end targets a previous one scraped.
        engine.updateActiveTargets(next.active(), nowMillis);
        current = next;
        catalog.publish(config, next.active(), next.dropped());
        return next.active();
    }

    private Resolved resolve(long nowMillis) {
        List<ScrapeTarget> active = new ArrayList<>();
        List<DroppedTarget> dropped = new ArrayList<>();
        for (Map.Entry<ScrapeConfig, List<TargetDiscovery>> job : discoveries.entrySet()) {
            List<StaticConfig> groups = new ArrayList<>(job.getKey().staticConfigs());
            for (TargetDiscovery discovery : job.getValue()) {
                groups.addAll(discovery.groups(nowMillis));
            }
            TargetResolver.Resolution resolution = TargetResolver.resolve(job.getKey(), groups);
            active.addAll(resolution.active());
            dropped.addAll(resolution.dropped());
        }
        return new Resolved(List.copyOf(active), List.copyOf(dropped));
    }

    /** Failed discovery refreshes (and unreadable target files), over all discovery configs. */
    public long discoveryFailures() {
        return discoveries.values().stream().flatMap(List::stream).mapToLong(TargetDiscovery::failures).sum();
    }

    /** Scrapes every target once, concurrently. */
    public List<ScrapeResult> scrapeAll(long nowMillis) {
        return engine.scrapeAll(refresh(nowMillis), nowMillis);
    }

    /** Scrapes the targets of one job; none when the job is unknown. */
    public List<ScrapeResult> scrapeJob(String jobName, long nowMillis) {
        requireNonNull(jobName, "jobName is null");
        return engine.scrapeAll(refresh(nowMillis).stream().filter(target -> target.jobName().equals(jobName)).toList(),
                nowMillis);
    }

    /** Scrapes the targets whose scrape interval is {@code interval} (one tick of the local loop). */
    public List<ScrapeResult> scrapeInterval(Duration interval, long nowMillis) {
        requireNonNull(interval, "interval is null");
        return engine.scrapeAll(refresh(nowMillis).stream().filter(target -> target.interval().equals(interval)).toList(),
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
        for (ScrapeTarget target : refresh(nowMillis)) {
            long interval = target.interval().toMillis();
            if (interval <= period || Math.floorDiv(nowMillis, interval) != Math.floorDiv(nowMillis - period, interval)) {
                due.add(target);
            }
        }
        return engine.scrapeAll(due, nowMillis);
    }

    /** The active targets (as of the latest refresh) that {@code shard} scrapes. */
    public List<ScrapeTarget> targets(ScrapeShard shard) {
        requireNonNull(shard, "shard is null");
        return targets().stream().filter(shard::owns).toList();
    }

    /**
     * One invocation of a trigger that fires every {@code triggerPeriod} (an EventBridge
     * schedule): refreshes discovery, then scrapes {@code shard}'s targets at each of their
     * instants in the trigger window holding {@code triggerTimeMillis}, in rounds, waiting for
     * each round through {@code sleeper}; rounds that could not finish by {@code deadlineMillis}
     * are skipped (see {@link ScrapeRounds}).
     */
    public ScrapeRounds.Outcome scrapeWindow(long triggerTimeMillis, Duration triggerPeriod, ScrapeShard shard,
                                             long deadlineMillis, Sleeper sleeper) {
        requireNonNull(shard, "shard is null");
        long windowStart = ScrapeRounds.windowStart(triggerTimeMillis, triggerPeriod);
        List<ScrapeTarget> owned = refresh(triggerTimeMillis).stream().filter(shard::owns).toList();
        List<ScrapeRound> rounds = ScrapeRounds.plan(owned, windowStart, triggerPeriod);
        return ScrapeRounds.run(engine, rounds, deadlineMillis, sleeper);
    }

    /** Active targets grouped by their scrape interval, shortest first. */
    public Map<Duration, List<ScrapeTarget>> targetsByInterval() {
        Map<Duration, List<ScrapeTarget>> byInterval = new TreeMap<>();
        for (ScrapeTarget target : targets()) {
            byInterval.computeIfAbsent(target.interval(), key -> new ArrayList<>()).add(target);
        }
        byInterval.replaceAll((interval, list) -> List.copyOf(list));
        return Collections.unmodifiableMap(byInterval);
    }

    /**
     * The intervals a local loop schedules: every job's interval (file discovery may add targets
     * later) and every interval relabeling gave a current target. Shortest first.
     */
    public List<Duration> scheduleIntervals() {
        TreeSet<Duration> intervals = new TreeSet<>(targetsByInterval().keySet());
        for (ScrapeConfig scrapeConfig : config.scrapeConfigs()) {
            intervals.add(scrapeConfig.scrapeInterval());
        }
        return List.copyOf(intervals);
    }
}
