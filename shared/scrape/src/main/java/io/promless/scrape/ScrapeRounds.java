package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Sub-minute scraping under a once-a-minute trigger. An invocation covers the window
 * {@code [windowStart, windowStart + triggerPeriod)}; every target is scraped at each instant
 * {@code offset + n * interval} inside it, its offset coming from {@link TargetHash}, so one
 * target's scrapes are evenly spaced within and across invocations and their timestamps are
 * exact multiples of the interval (rate() sees regular samples). Instants shared by several
 * targets form one {@link ScrapeRound}.
 *
 * <p>{@link #run} waits for each round through a {@link Sleeper} and starts its scrapes without
 * waiting for earlier rounds to finish (a slow target delays no one). A round that could not
 * finish before the deadline (its time plus its longest scrape timeout) ends the run; a round
 * reached a whole interval late (a later round of the same targets supersedes it) is skipped.
 * Both are logged and counted in the outcome.
 */
public final class ScrapeRounds {
    private static final System.Logger LOG = System.getLogger(ScrapeRounds.class.getName());

    /** What one run did: the scrape results (in round order) and the rounds it ran or skipped. */
    public record Outcome(List<ScrapeResult> results, int roundsRun, int roundsSkipped, int scrapesSkipped) {
        public Outcome {
            results = List.copyOf(results);
        }
    }

    private ScrapeRounds() {}

    /** The start of the trigger window holding {@code triggerTimeMillis}: time floored to the period. */
    public static long windowStart(long triggerTimeMillis, Duration triggerPeriod) {
        return Math.floorDiv(triggerTimeMillis, periodMillis(triggerPeriod)) * periodMillis(triggerPeriod);
    }

    /** Every target's scrape instants in {@code [windowStart, windowStart + triggerPeriod)}, earliest first. */
    public static List<ScrapeRound> plan(Collection<ScrapeTarget> targets, long windowStartMillis, Duration triggerPeriod) {
        return plan(targets, windowStartMillis, triggerPeriod, triggerPeriod);
    }

    /**
     * Every target's scrape instants in {@code [windowStart, windowStart + window)}, with the
     * offsets the scrape function uses under a trigger of {@code offsetPeriod} (so the local
     * mode scrapes each target at the same instants as the functions would).
     */
    public static List<ScrapeRound> plan(Collection<ScrapeTarget> targets, long windowStartMillis, Duration window,
                                         Duration offsetPeriod) {
        requireNonNull(targets, "targets is null");
        long period = periodMillis(offsetPeriod);
        long windowEnd = windowStartMillis + periodMillis(window);
        Map<Long, List<ScrapeTarget>> byTime = new TreeMap<>();
        for (ScrapeTarget target : targets) {
            long interval = target.interval().toMillis();
            long offset = TargetHash.of(target).offsetMillis(interval, period);
            for (long time = windowStartMillis + Math.floorMod(offset - windowStartMillis, interval); time < windowEnd; time += interval) {
                byTime.computeIfAbsent(time, key -> new ArrayList<>()).add(target);
            }
        }
        List<ScrapeRound> rounds = new ArrayList<>(byTime.size());
        byTime.forEach((time, roundTargets) -> rounds.add(new ScrapeRound(time, roundTargets)));
        return List.copyOf(rounds);
    }

    /** Rounds started (their scrapes possibly still running) and rounds skipped. */
    public record Launched(List<CompletableFuture<ScrapeResult>> scrapes, int roundsRun, int roundsSkipped, int scrapesSkipped) {
        public Launched {
            scrapes = List.copyOf(scrapes);
        }
    }

    /**
     * Runs the rounds in order, each at its time, and waits for all their scrapes.
     *
     * @param deadlineMillis wall time by which every scrape must have finished (the Lambda's
     *     remaining time, less a margin)
     */
    public static Outcome run(ScrapeEngine engine, List<ScrapeRound> rounds, long deadlineMillis, Sleeper sleeper) {
        requireNonNull(engine, "engine is null");
        ScrapeEngine.StateWindow window = engine.openStateWindow(targetsOf(rounds), windowTime(rounds));
        Launched launched = start(engine, rounds, deadlineMillis, sleeper);
        List<ScrapeResult> results = new ArrayList<>(launched.scrapes().size());
        for (CompletableFuture<ScrapeResult> future : launched.scrapes()) {
            results.add(future.join());
        }
        engine.closeStateWindow(window, results);
        return new Outcome(results, launched.roundsRun(), launched.roundsSkipped(), launched.scrapesSkipped());
    }

    /**
     * Starts the rounds in order, each at its time, and returns once the last one has started,
     * without waiting for its scrapes (the local loop, whose next window follows at once).
     */
    public static Launched launch(ScrapeEngine engine, List<ScrapeRound> rounds, long deadlineMillis, Sleeper sleeper) {
        requireNonNull(engine, "engine is null");
        ScrapeEngine.StateWindow window = engine.openStateWindow(targetsOf(rounds), windowTime(rounds));
        Launched launched = start(engine, rounds, deadlineMillis, sleeper);
        // The state is written once the window's last scrape is done, off the caller's thread.
        CompletableFuture.allOf(launched.scrapes().toArray(CompletableFuture[]::new)).thenRun(() ->
                engine.closeStateWindow(window, launched.scrapes().stream().map(CompletableFuture::join).toList()));
        return launched;
    }

    /** Every target of the rounds, once each. */
    private static List<ScrapeTarget> targetsOf(List<ScrapeRound> rounds) {
        Set<ScrapeTarget> targets = new LinkedHashSet<>();
        rounds.forEach(round -> targets.addAll(round.targets()));
        return List.copyOf(targets);
    }

    /** The time of the first round: removed targets' staleness markers are stamped with it. */
    private static long windowTime(List<ScrapeRound> rounds) {
        return rounds.isEmpty() ? 0 : rounds.get(0).timeMillis();
    }

    private static Launched start(ScrapeEngine engine, List<ScrapeRound> rounds, long deadlineMillis, Sleeper sleeper) {
        requireNonNull(rounds, "rounds is null");
        requireNonNull(sleeper, "sleeper is null");
        List<CompletableFuture<ScrapeResult>> futures = new ArrayList<>();
        int run = 0;
        int skipped = 0;
        int scrapesSkipped = 0;
        for (int i = 0; i < rounds.size(); i++) {
            ScrapeRound round = rounds.get(i);
            long mustFinishBy = round.timeMillis() + longestTimeout(round);
            if (mustFinishBy > deadlineMillis) {
                List<ScrapeRound> rest = rounds.subList(i, rounds.size());
                int targets = rest.stream().mapToInt(r -> r.targets().size()).sum();
                LOG.log(System.Logger.Level.WARNING, "skipping the last " + rest.size() + " scrape rounds (" + targets
                        + " scrapes, the first at " + round.timeMillis() + "): they could not finish before the deadline "
                        + deadlineMillis + "; raise the function's timeout or use more scrape shards");
                skipped += rest.size();
                scrapesSkipped += targets;
                break;
            }
            long now;
            try {
                now = sleeper.sleepUntil(round.timeMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                int left = rounds.size() - i;
                LOG.log(System.Logger.Level.WARNING, "interrupted: " + left + " scrape rounds not run");
                skipped += left;
                scrapesSkipped += rounds.subList(i, rounds.size()).stream().mapToInt(r -> r.targets().size()).sum();
                break;
            }
            long lateness = now - round.timeMillis();
            if (lateness >= shortestInterval(round)) {
                LOG.log(System.Logger.Level.WARNING, "skipping the scrape round at " + round.timeMillis() + " ("
                        + round.targets().size() + " targets): reached " + lateness + " ms late, a later round covers it");
                skipped++;
                scrapesSkipped += round.targets().size();
                continue;
            }
            run++;
            for (ScrapeTarget target : round.targets()) {
                futures.add(engine.scrape(target, round.timeMillis()));
            }
        }
        return new Launched(futures, run, skipped, scrapesSkipped);
    }

    private static long longestTimeout(ScrapeRound round) {
        return round.targets().stream().mapToLong(target -> target.timeout().toMillis()).max().orElse(0);
    }

    private static long shortestInterval(ScrapeRound round) {
        return round.targets().stream().mapToLong(target -> target.interval().toMillis()).min().orElse(Long.MAX_VALUE);
    }

    private static long periodMillis(Duration triggerPeriod) {
        requireNonNull(triggerPeriod, "triggerPeriod is null");
        long period = triggerPeriod.toMillis();
        if (period <= 0) {
            throw new IllegalArgumentException("triggerPeriod must be positive, got " + triggerPeriod);
        }
        return period;
    }
}
