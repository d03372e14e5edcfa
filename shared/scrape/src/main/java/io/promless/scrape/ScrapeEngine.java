package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.ScrapeConfig;
import io.promless.config.ScrapeLimits;
import io.promless.exposition.ExpositionException;
import io.promless.exposition.ExpositionParser;
import io.promless.exposition.ScrapeHandler;
import io.promless.model.MetricMetadata;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.relabel.Relabeler;
import io.promless.scrape.state.HealthGroup;
import io.promless.scrape.state.InMemoryScrapeStateStore;
import io.promless.scrape.state.ScrapeStateStore;
import io.promless.scrape.state.TargetHealth;
import io.promless.scrape.state.TargetSeriesState;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Scrapes targets over HTTP and appends what they expose, as Prometheus's scrape loop does: the
 * samples with target labels attached, staleness markers for series that disappeared since the
 * target's previous scrape, and the synthetic series {@code up}, {@code scrape_duration_seconds},
 * {@code scrape_samples_scraped}, {@code scrape_samples_post_metric_relabeling} and
 * {@code scrape_series_added}.
 *
 * <p>Each target scrape uses its own appender, committed at the end. A scrape never throws:
 * unreachable, slow, failing and malformed targets give {@code up 0}, a logged reason and no
 * samples. The scrape time {@code now} is an argument; a monotonic tick source measures only the
 * scrape duration.
 *
 * <p>Per-target state (the series of the last scrape, for staleness) is cached in memory and kept
 * in a {@link ScrapeStateStore}, so another engine (another Lambda container, or this one after a
 * cold start) scrapes on exactly where the last one stopped. {@link #scrapeAll} is a round: it
 * reads the {@link HealthGroup} of each state group it touches once, reads a target's stored
 * series only when the group's digest for it differs from the cached one, writes a target's
 * series only when they changed, and writes each group once at the end. One group must be
 * scraped by one round at a time (one Lambda invocation per shard); rounds of one engine may
 * overlap. Thread-safe.
 */
public final class ScrapeEngine implements AutoCloseable {
    /** The state group of every target when the composition root names none. */
    public static final String DEFAULT_STATE_GROUP = "all";
    /** Prometheus's error for a scrape with more samples than sample_limit. */
    static final String SAMPLE_LIMIT_EXCEEDED = "sample limit exceeded";
    private static final System.Logger LOG = System.getLogger(ScrapeEngine.class.getName());

    private final Appendable appendable;
    private final Function<String, ExpositionParser> parserForContentType;
    private final LongSupplier nanoTime;
    private final HttpClients clients = new HttpClients();
    /**
     * Parses and appends fetched bodies. Bounded to the cores: the work is CPU-bound, and a round
     * of a thousand targets would otherwise parse a thousand bodies at once on the HTTP client's
     * threads, multiplying heap and slowing the fetches still in flight.
     */
    private final ExecutorService processing = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "promless-scrape-processing");
                thread.setDaemon(true);
                return thread;
            });
    private final ScrapeStateStore stateStore;
    private final Function<ScrapeTarget, String> stateGroup;
    /** Cached per-target state by target id ({@link TargetSeriesState#idOf}). */
    private final Map<String, TargetState> states = new ConcurrentHashMap<>();
    private final Map<String, ScrapeResult> lastResults = new ConcurrentHashMap<>();
    /** The newest version of each group this engine wrote; group writes hold this map's monitor. */
    private final Map<String, HealthGroup> latestGroups = new ConcurrentHashMap<>();
    /** Ids of every active target, as last told by {@link #updateActiveTargets}; null until then. */
    private volatile Set<String> activeIds;
    /** target_limit errors by job name, as of the last {@link #updateActiveTargets}. */
    private volatile Map<String, String> targetLimitErrors = Map.of();

    private final LongAdder scrapes = new LongAdder();
    private final LongAdder scrapesFailed = new LongAdder();
    private final LongAdder samplesAppended = new LongAdder();
    private final LongAdder staleMarkersAppended = new LongAdder();
    private final LongAdder commitsFailed = new LongAdder();
    private final LongAdder stateReads = new LongAdder();
    private final LongAdder stateWrites = new LongAdder();
    private final LongAdder stateFailures = new LongAdder();

    /**
     * @param parserForContentType picks the parser for a response's Content-Type header value; it
     *     is asked only for text/plain and application/openmetrics-text (a missing or other type
     *     fails the scrape unless the job has a fallback_scrape_protocol, whose media type it is
     *     then asked for); it may throw, which fails that scrape
     */
    public ScrapeEngine(Appendable appendable, Function<String, ExpositionParser> parserForContentType) {
        this(appendable, parserForContentType, System::nanoTime);
    }

    /** @param nanoTime monotonic ticks used only to measure scrape durations */
    public ScrapeEngine(Appendable appendable, Function<String, ExpositionParser> parserForContentType, LongSupplier nanoTime) {
        this(appendable, parserForContentType, nanoTime, new InMemoryScrapeStateStore(), target -> DEFAULT_STATE_GROUP);
    }

    /**
     * @param stateStore where per-target state and health outlive this engine
     * @param stateGroup the state group of a target: all targets one invocation scrapes (a shard)
     *     should share one group, and a group must not be scraped by two invocations at once
     */
    public ScrapeEngine(Appendable appendable, Function<String, ExpositionParser> parserForContentType, LongSupplier nanoTime,
                        ScrapeStateStore stateStore, Function<ScrapeTarget, String> stateGroup) {
        this.appendable = requireNonNull(appendable, "appendable is null");
        this.parserForContentType = requireNonNull(parserForContentType, "parserForContentType is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.stateStore = requireNonNull(stateStore, "stateStore is null");
        this.stateGroup = requireNonNull(stateGroup, "stateGroup is null");
    }

    public ScrapeStateStore stateStore() {
        return stateStore;
    }

    /**
     * One round: scrapes all targets concurrently, each within its own timeout, after bringing
     * their cached state up to date from the store; targets that left discovery (see
     * {@link #updateActiveTargets}) and are still in a touched group get their stale markers;
     * each touched group's health is written once. Results in target order.
     */
    public List<ScrapeResult> scrapeAll(Collection<ScrapeTarget> targets, long nowMillis) {
        StateWindow window = openStateWindow(targets, nowMillis);
        List<CompletableFuture<ScrapeResult>> futures = new ArrayList<>(targets.size());
        for (ScrapeTarget target : targets) {
            futures.add(scrape(target, nowMillis));
        }
        List<ScrapeResult> results = new ArrayList<>(futures.size());
        for (CompletableFuture<ScrapeResult> future : futures) {
            results.add(future.join());
        }
        closeStateWindow(window, results);
        return List.copyOf(results);
    }

    /**
     * The state groups a run of scrapes touches, as read when it began. A run is one round
     * ({@link #scrapeAll}) or a trigger window of several rounds ({@link ScrapeRounds}): the
     * groups are read and synchronized once before it and written once after it.
     */
    public static final class StateWindow {
        private final Map<String, HealthGroup> loaded;
        private final Map<String, Set<String>> pruned;

        private StateWindow(Map<String, HealthGroup> loaded, Map<String, Set<String>> pruned) {
            this.loaded = loaded;
            this.pruned = pruned;
        }
    }

    /**
     * Before scraping {@code targets}: reads their groups, ends targets that left discovery
     * (staleness markers) and brings the targets' cached state up to date from the store.
     */
    public StateWindow openStateWindow(Collection<ScrapeTarget> targets, long nowMillis) {
        Map<String, List<ScrapeTarget>> byGroup = new LinkedHashMap<>();
        for (ScrapeTarget target : targets) {
            byGroup.computeIfAbsent(requireNonNull(stateGroup.apply(target), "state group is null"), key -> new ArrayList<>())
                    .add(target);
        }
        Map<String, HealthGroup> loaded = new LinkedHashMap<>();
        Map<String, Set<String>> pruned = new HashMap<>();
        for (String group : byGroup.keySet()) {
            HealthGroup stored = loadGroup(group);
            loaded.put(group, stored);
            pruned.put(group, pruneRemovedTargets(stored, nowMillis));
        }
        synchronizeWithStore(byGroup, loaded);
        return new StateWindow(loaded, pruned);
    }

    /** After the window's scrapes: writes each touched group once, with the newest health of its targets. */
    public void closeStateWindow(StateWindow window, List<ScrapeResult> results) {
        requireNonNull(window, "window is null");
        // A target scraped in several rounds keeps its last result.
        Map<String, ScrapeResult> newest = new LinkedHashMap<>();
        for (ScrapeResult result : results) {
            newest.merge(result.target().stateId(), result,
                    (kept, next) -> next.timestampMillis() >= kept.timestampMillis() ? next : kept);
        }
        List<ScrapeResult> latest = List.copyOf(newest.values());
        for (Map.Entry<String, HealthGroup> group : window.loaded.entrySet()) {
            saveGroup(group.getKey(), group.getValue(), window.pruned.get(group.getKey()), latest);
        }
    }

    /**
     * Tells the engine every active target of the configuration (all shards), as discovery
     * resolved them at {@code nowMillis}: targets it tracked that are gone get staleness markers
     * (see {@link #forgetTargetsExcept}), and a job with more targets than its
     * {@code target_limit} fails all of them from now on, as in Prometheus. Returns the number
     * of staleness markers written.
     */
    public int updateActiveTargets(Collection<ScrapeTarget> active, long nowMillis) {
        Map<String, Integer> perJob = new HashMap<>();
        Map<String, Long> limits = new HashMap<>();
        for (ScrapeTarget target : active) {
            perJob.merge(target.jobName(), 1, Integer::sum);
            limits.put(target.jobName(), target.config().limits().targetLimit());
        }
        Map<String, String> errors = new HashMap<>();
        perJob.forEach((job, count) -> {
            long limit = limits.get(job);
            if (limit > 0 && count > limit) {
                errors.put(job, "target_limit exceeded (number of targets: " + count + ", limit: " + limit + ")");
            }
        });
        targetLimitErrors = Map.copyOf(errors);
        return forgetTargetsExcept(active, nowMillis);
    }

    private HealthGroup loadGroup(String group) {
        try {
            stateReads.increment();
            return stateStore.loadGroup(group).orElse(HealthGroup.empty(group));
        } catch (RuntimeException e) {
            stateFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "reading scrape state group " + group + " failed: " + describe(e));
            return HealthGroup.empty(group);
        }
    }

    /**
     * Brings each target's cache up to date: nothing to do when the group's digest equals the
     * cached one (the steady state of a warm container); otherwise the stored series are read,
     * in parallel (a cold container reads every target once).
     */
    private void synchronizeWithStore(Map<String, List<ScrapeTarget>> byGroup, Map<String, HealthGroup> loaded) {
        List<Runnable> reads = new ArrayList<>();
        for (Map.Entry<String, List<ScrapeTarget>> group : byGroup.entrySet()) {
            Map<String, TargetHealth> entries = loaded.get(group.getKey()).targets();
            for (ScrapeTarget target : group.getValue()) {
                String id = target.stateId();
                TargetHealth entry = entries.get(id);
                TargetState cached = states.get(id);
                if (entry != null && cached != null && entry.stateDigest().equals(cached.digest)) {
                    continue;
                }
                reads.add(() -> refreshFromStore(target, id));
            }
        }
        if (reads.size() == 1) {
            reads.get(0).run();
            return;
        }
        if (!reads.isEmpty()) {
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                reads.forEach(executor::execute);
            }
        }
    }

    private void refreshFromStore(ScrapeTarget target, String id) {
        Optional<TargetSeriesState> stored;
        try {
            stateReads.increment();
            stored = stateStore.loadTarget(id);
        } catch (RuntimeException e) {
            stateFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "reading the scrape state of " + target.url() + " failed, using the cached one: "
                    + describe(e));
            return;
        }
        TargetState cached = states.computeIfAbsent(id, key -> new TargetState());
        synchronized (cached) {
            if (stored.isPresent()) {
                String digest = stored.get().digest();
                if (!digest.equals(cached.digest)) {
                    cached.restore(stored.get(), digest);
                }
            } else if (cached.digest != null) {
                // Stored once and deleted since: another engine ended the target, markers included.
                cached.reset();
            }
        }
    }

    /**
     * Targets of a stored group that discovery no longer yields (and another engine did not end
     * yet) get staleness markers for the series of their stored state, synthetic ones included;
     * their state is deleted. Returns the ids whose entries can leave the group.
     */
    private Set<String> pruneRemovedTargets(HealthGroup group, long nowMillis) {
        Set<String> active = activeIds;
        Set<String> removed = new HashSet<>();
        if (active == null) {
            return removed;
        }
        for (String id : group.targets().keySet()) {
            if (active.contains(id)) {
                continue;
            }
            try {
                stateReads.increment();
                Optional<TargetSeriesState> stored = stateStore.loadTarget(id);
                if (stored.isPresent()) {
                    Set<Labels> series = new HashSet<>(stored.get().series());
                    series.addAll(reportLabels(stored.get().targetLabels()));
                    appendStaleMarkers(series, nowMillis);
                    stateWrites.increment();
                    stateStore.deleteTarget(id);
                }
                states.remove(id);
                removed.add(id);
            } catch (RuntimeException e) {
                stateFailures.increment();
                LOG.log(System.Logger.Level.WARNING, "ending a removed target failed, retrying next round: " + describe(e));
            }
        }
        return removed;
    }

    private void appendStaleMarkers(Set<Labels> series, long nowMillis) {
        Appender appender = null;
        try {
            appender = appendable.appender();
            for (Labels labels : series) {
                appender.append(labels, nowMillis, StaleMarker.VALUE);
            }
            appender.commit();
            staleMarkersAppended.add(series.size());
        } catch (RuntimeException e) {
            rollbackQuietly(appender);
            commitsFailed.increment();
            throw e;
        }
    }

    /** Writes a group once per round: its newest version, less pruned targets, plus this round's health. */
    private void saveGroup(String group, HealthGroup loaded, Set<String> pruned, List<ScrapeResult> results) {
        synchronized (latestGroups) {
            HealthGroup latest = latestGroups.get(group);
            HealthGroup base = latest != null && latest.version() >= loaded.version() ? latest : loaded;
            Map<String, TargetHealth> entries = new HashMap<>(base.targets());
            entries.keySet().removeAll(pruned);
            for (ScrapeResult result : results) {
                if (!stateGroup.apply(result.target()).equals(group)) {
                    continue;
                }
                String id = result.target().stateId();
                TargetState cached = states.get(id);
                String digest = cached == null || cached.digest == null ? "" : cached.digest;
                entries.put(id, new TargetHealth(id, digest, result.timestampMillis(),
                        (long) (result.durationSeconds() * 1e9), result.up(), result.error().orElse(""),
                        result.samplesScraped(), result.samplesPostMetricRelabeling()));
            }
            HealthGroup next = new HealthGroup(group, base.version() + 1, entries);
            try {
                stateWrites.increment();
                stateStore.saveGroup(next);
                latestGroups.put(group, next);
            } catch (RuntimeException e) {
                stateFailures.increment();
                LOG.log(System.Logger.Level.WARNING, "writing scrape state group " + group + " failed: " + describe(e));
            }
        }
    }

    /** The outcome of the target's latest scrape, for /api/v1/targets; empty before its first. */
    public Optional<ScrapeResult> lastResult(ScrapeTarget target) {
        return Optional.ofNullable(lastResults.get(target.stateKey()));
    }

    /**
     * The metric metadata of the target's last successful scrape (as this engine knows it), for
     * /api/v1/targets/metadata; empty when it has none.
     */
    public List<MetricMetadata> lastMetadata(ScrapeTarget target) {
        TargetState state = states.get(target.stateId());
        if (state == null) {
            return List.of();
        }
        synchronized (state) {
            return state.metadata;
        }
    }

    /** Scrapes one target; the future always completes normally, with up=0 on any failure. */
    public CompletableFuture<ScrapeResult> scrape(ScrapeTarget target, long nowMillis) {
        return scrapeOnce(target, nowMillis).thenApply(result -> {
            lastResults.put(target.stateKey(), result);
            return result;
        });
    }

    private CompletableFuture<ScrapeResult> scrapeOnce(ScrapeTarget target, long nowMillis) {
        requireNonNull(target, "target is null");
        long start = nanoTime.getAsLong();
        String forcedError = targetLimitErrors.get(target.jobName());
        if (forcedError != null) {
            // Prometheus does not scrape such targets; their series go stale and up reports 0.
            return CompletableFuture.completedFuture(record(target, nowMillis, start, Fetched.failed(forcedError)));
        }
        HttpRequest request;
        HttpClient client;
        try {
            request = ScrapeRequests.build(target);
            client = clients.forConfig(target.config().httpClient(), target.config().scheme());
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(record(target, nowMillis, start, Fetched.failed(describe(e))));
        }
        long timeoutMillis = target.timeout().toMillis();
        CompletableFuture<HttpResponse<byte[]>> sending =
                client.sendAsync(request, LimitedBody.handler(target.config().limits().bodySizeLimitBytes()));
        CompletableFuture<HttpResponse<byte[]>> timed = sending.copy().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return timed.handleAsync((response, error) -> {
            if (error != null) {
                sending.cancel(true);
                return record(target, nowMillis, start, Fetched.failed(describeFetchError(error, target)));
            }
            return record(target, nowMillis, start, fetched(target, response));
        }, processing).exceptionally(unexpected -> {
            // Only a bug can land here; still, a scrape never fails its caller.
            LOG.log(System.Logger.Level.ERROR, "scrape of " + target.url() + " failed unexpectedly", unexpected);
            scrapes.increment();
            scrapesFailed.increment();
            return new ScrapeResult(target, nowMillis, false, 0, 0, 0, 0, 0, Optional.of(describe(unexpected)));
        });
    }

    /**
     * Ends tracking of targets that are no longer configured, writing staleness markers for
     * every series they had (their synthetic series included), as Prometheus does when a
     * target disappears, and deleting their stored state. A target whose stored state is
     * already gone was ended by another engine and gets no second set of markers. Returns the
     * number of markers written.
     */
    public int forgetTargetsExcept(Collection<ScrapeTarget> current, long nowMillis) {
        Set<String> keepKeys = new HashSet<>();
        Set<String> keepIds = new HashSet<>();
        for (ScrapeTarget target : current) {
            keepKeys.add(target.stateKey());
            keepIds.add(target.stateId());
        }
        activeIds = Set.copyOf(keepIds);
        lastResults.keySet().retainAll(keepKeys);
        int markers = 0;
        for (Map.Entry<String, TargetState> entry : states.entrySet()) {
            if (keepIds.contains(entry.getKey())) {
                continue;
            }
            TargetState state = entry.getValue();
            synchronized (state) {
                try {
                    stateReads.increment();
                    boolean endedElsewhere = state.digest != null && stateStore.loadTarget(entry.getKey()).isEmpty();
                    Set<Labels> series = new HashSet<>(state.lastSeries);
                    series.addAll(state.reportSeries);
                    if (!endedElsewhere) {
                        appendStaleMarkers(series, nowMillis);
                        markers += series.size();
                        stateWrites.increment();
                        stateStore.deleteTarget(entry.getKey());
                    }
                    states.remove(entry.getKey());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "writing staleness markers for a removed target failed: " + describe(e));
                }
            }
        }
        return markers;
    }

    /** Releases the HTTP clients (their connection pools and threads). */
    @Override
    public void close() {
        clients.close();
        processing.shutdown();
    }

    public long scrapes() {
        return scrapes.sum();
    }

    public long scrapesFailed() {
        return scrapesFailed.sum();
    }

    public long samplesAppended() {
        return samplesAppended.sum();
    }

    public long staleMarkersAppended() {
        return staleMarkersAppended.sum();
    }

    /** Scrapes whose samples could not be stored (the appender's commit threw). */
    public long commitsFailed() {
        return commitsFailed.sum();
    }

    /** Reads of the state store (groups and targets). */
    public long stateReads() {
        return stateReads.sum();
    }

    /** Writes and deletes in the state store. */
    public long stateWrites() {
        return stateWrites.sum();
    }

    /** State store calls that failed (logged; scraping went on with the cached state). */
    public long stateFailures() {
        return stateFailures.sum();
    }

    /** What the HTTP exchange produced: a body and its content type, or why there is none. */
    private record Fetched(byte[] body, String contentType, String error) {
        static Fetched failed(String error) {
            return new Fetched(null, "", error);
        }
    }

    private static Fetched fetched(ScrapeTarget target, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return Fetched.failed("server returned HTTP status " + response.statusCode());
        }
        long limit = target.config().limits().bodySizeLimitBytes();
        byte[] body = response.body();
        boolean gzip = response.headers().firstValue("Content-Encoding").map(value -> value.equalsIgnoreCase("gzip")).orElse(false);
        if (gzip) {
            try {
                body = gunzip(body, limit);
            } catch (IOException e) {
                return Fetched.failed("decompressing the gzip body failed: " + describe(e));
            }
        }
        if (limit > 0 && body.length >= limit) {
            return Fetched.failed(LimitedBody.LIMIT_EXCEEDED);
        }
        return new Fetched(body, response.headers().firstValue("Content-Type").orElse(""), null);
    }

    private static byte[] gunzip(byte[] compressed, long limit) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            if (limit <= 0) {
                return in.readAllBytes();
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit));
            if (body.length >= limit) {
                throw new IOException(LimitedBody.LIMIT_EXCEEDED);
            }
            return body;
        }
    }

    /** Turns one fetch into appended samples and a result; never throws. */
    private ScrapeResult record(ScrapeTarget target, long nowMillis, long startNanos, Fetched fetched) {
        double durationSeconds = Math.max(0, nanoTime.getAsLong() - startNanos) / 1e9;
        TargetState state = states.computeIfAbsent(target.stateId(), key -> new TargetState());
        synchronized (state) {
            Outcome outcome = fetched.error() == null ? parse(target, nowMillis, fetched) : Outcome.failed(0, fetched.error());
            boolean up = outcome.error() == null;
            scrapes.increment();
            if (!up) {
                scrapesFailed.increment();
                LOG.log(System.Logger.Level.WARNING, "scrape of " + target.url() + " (job " + target.jobName() + ") failed: " + outcome.error());
            }
            List<Labels> stale = new ArrayList<>();
            for (Labels labels : state.lastSeries) {
                if (!outcome.trackedSeries().contains(labels)) {
                    stale.add(labels);
                }
            }
            int seriesAdded = 0;
            for (Labels labels : outcome.samples().keySet()) {
                if (!state.knownSeries.contains(labels)) {
                    seriesAdded++;
                }
            }
            Map<Labels, Double> report = reportSamples(target, up, durationSeconds, outcome, seriesAdded);
            Appender appender = null;
            try {
                appender = appendable.appender();
                outcome.metadata().forEach(appender::appendMetadata);
                for (Map.Entry<Labels, TimedValue> sample : outcome.samples().entrySet()) {
                    appender.append(sample.getKey(), sample.getValue().timestampMillis(), sample.getValue().value());
                }
                for (Labels labels : stale) {
                    appender.append(labels, nowMillis, StaleMarker.VALUE);
                }
                for (Map.Entry<Labels, Double> sample : report.entrySet()) {
                    appender.append(sample.getKey(), nowMillis, sample.getValue());
                }
                appender.commit();
            } catch (RuntimeException e) {
                rollbackQuietly(appender);
                commitsFailed.increment();
                String error = "storing the scraped samples failed: " + describe(e);
                LOG.log(System.Logger.Level.WARNING, "scrape of " + target.url() + ": " + error);
                return new ScrapeResult(target, nowMillis, up, durationSeconds, outcome.samplesScraped(),
                        outcome.samples().size(), seriesAdded, 0, Optional.of(error));
            }
            samplesAppended.add(outcome.samples().size() + report.size());
            staleMarkersAppended.add(stale.size());
            state.lastSeries = outcome.trackedSeries();
            state.reportSeries = report.keySet();
            if (up) {
                state.knownSeries = outcome.samples().keySet();
                state.metadata = outcome.metadata();
            }
            persist(target, state);
            return new ScrapeResult(target, nowMillis, up, durationSeconds, outcome.samplesScraped(),
                    outcome.samples().size(), up ? seriesAdded : 0, stale.size(), Optional.ofNullable(outcome.error()));
        }
    }

    /** Stores the target's state when it differs from what was stored; the caller holds the state's monitor. */
    private void persist(ScrapeTarget target, TargetState state) {
        if (!state.dirty && state.digest != null && state.lastSeries.equals(state.storedSeries)
                && state.metadata.equals(state.storedMetadata) && target.labels().equals(state.storedLabels)) {
            return;
        }
        TargetSeriesState stored = new TargetSeriesState(target.stateKey(), target.labels(), List.copyOf(state.lastSeries),
                state.metadata);
        String digest = stored.digest();
        state.storedSeries = state.lastSeries;
        state.storedMetadata = state.metadata;
        state.storedLabels = target.labels();
        if (digest.equals(state.digest) && !state.dirty) {
            return;
        }
        state.digest = digest;
        try {
            stateWrites.increment();
            stateStore.saveTarget(stored);
            state.dirty = false;
        } catch (RuntimeException e) {
            state.dirty = true;
            stateFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "storing the scrape state of " + target.url() + " failed, retrying next scrape: "
                    + describe(e));
        }
    }

    private record TimedValue(long timestampMillis, double value) {}

    /**
     * A scrape body turned into final series, or the reason it was rejected. Tracked series
     * are those subject to staleness (samples without an honored explicit timestamp).
     */
    private record Outcome(int samplesScraped, Map<Labels, TimedValue> samples, Set<Labels> trackedSeries,
                           List<MetricMetadata> metadata, String error) {
        static Outcome failed(int samplesScraped, String error) {
            return new Outcome(samplesScraped, Map.of(), Set.of(), List.of(), error);
        }
    }

    private Outcome parse(ScrapeTarget target, long nowMillis, Fetched fetched) {
        ScrapeConfig config = target.config();
        ParsedScrape parsed = new ParsedScrape();
        String mediaType = mediaType(fetched.contentType());
        boolean understood = KNOWN_MEDIA_TYPES.contains(mediaType);
        if (!understood && config.fallbackScrapeProtocol().isEmpty()) {
            // Prometheus 3 refuses to guess the format of a body it was not told how to read.
            return Outcome.failed(0, mediaType.isEmpty()
                    ? "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target"
                    : "received unsupported Content-Type \"" + fetched.contentType() + "\" and no fallback_scrape_protocol specified for target");
        }
        try {
            ExpositionParser parser = understood ? parserForContentType.apply(fetched.contentType())
                    : parserForContentType.apply(AcceptHeader.mediaType(config.fallbackScrapeProtocol().get()));
            if (parser == null) {
                return Outcome.failed(0, "no parser for content type \"" + fetched.contentType() + "\"");
            }
            parser.parse(fetched.body(), parsed);
        } catch (ExpositionException e) {
            return Outcome.failed(parsed.samples.size(), describe(e));
        } catch (RuntimeException e) {
            return Outcome.failed(parsed.samples.size(), "parsing the scrape body failed: " + describe(e));
        }
        ScrapeLimits limits = config.limits();
        int scraped = parsed.samples.size();
        Relabeler relabeler = Relabeler.forValidationScheme(config.options().metricNameValidationScheme());
        Map<Labels, TimedValue> samples = new LinkedHashMap<>(Math.max(16, scraped * 4 / 3 + 1));
        // Usually every sample is subject to staleness: then the tracked set is the samples' key
        // set, and a separate set is built only once a sample with an honored timestamp shows up.
        Set<Labels> untracked = null;
        int duplicates = 0;
        for (ParsedScrape.ParsedSample sample : parsed.samples) {
            Labels merged = TargetLabels.apply(sample.labels(), sample.emptyLabels(), target.labels(), config.honorLabels());
            Optional<Labels> relabeled = relabeler.process(merged, config.metricRelabelConfigs());
            if (relabeled.isEmpty() || relabeled.get().isEmpty()) {
                continue;
            }
            Labels labels = relabeled.get();
            if (labels.metricName().isEmpty()) {
                return Outcome.failed(scraped, "missing metric name (__name__ label)");
            }
            String limitError = checkLabelLimits(labels, limits);
            if (limitError != null) {
                return Outcome.failed(scraped, limitError);
            }
            boolean explicitTime = config.honorTimestamps() && sample.timestampMillis() != ScrapeHandler.NO_TIMESTAMP;
            long timestamp = explicitTime ? sample.timestampMillis() : nowMillis;
            if (samples.putIfAbsent(labels, new TimedValue(timestamp, sample.value())) != null) {
                duplicates++;
                continue;
            }
            if (explicitTime && !config.trackTimestampsStaleness()) {
                if (untracked == null) {
                    untracked = new HashSet<>();
                }
                untracked.add(labels);
            }
        }
        // Prometheus counts the limit against what survives metric relabeling.
        if (limits.sampleLimit() > 0 && samples.size() > limits.sampleLimit()) {
            return Outcome.failed(scraped, SAMPLE_LIMIT_EXCEEDED);
        }
        if (duplicates > 0) {
            LOG.log(System.Logger.Level.WARNING, "scrape of " + target.url() + ": " + duplicates
                    + " duplicate series in one scrape were dropped");
        }
        Set<Labels> tracked = samples.keySet();
        if (untracked != null) {
            tracked = new HashSet<>(tracked);
            tracked.removeAll(untracked);
        }
        return new Outcome(scraped, samples, tracked, List.copyOf(parsed.metadata), null);
    }

    /** The media types whose bodies are parsed as sent; anything else needs {@code fallback_scrape_protocol}. */
    private static final Set<String> KNOWN_MEDIA_TYPES = Set.of("text/plain", "application/openmetrics-text");

    /** The media type of a Content-Type header value, lower-cased, without parameters; empty when blank. */
    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters >= 0 ? contentType.substring(0, parameters) : contentType).strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Prometheus's label limit checks and error texts; lengths count UTF-8 bytes, as Go's len does. */
    private static String checkLabelLimits(Labels labels, ScrapeLimits limits) {
        String metric = GoFormat.truncate(labels.metricName(), 50);
        if (limits.labelLimit() > 0 && labels.size() > limits.labelLimit()) {
            return "label_limit exceeded (metric: " + metric + ", number of labels: " + labels.size()
                    + ", limit: " + limits.labelLimit() + ")";
        }
        for (int i = 0; i < labels.size(); i++) {
            int nameLength = GoFormat.byteLength(labels.name(i));
            if (limits.labelNameLengthLimit() > 0 && nameLength > limits.labelNameLengthLimit()) {
                return "label_name_length_limit exceeded (metric: " + metric + ", label name: "
                        + GoFormat.truncate(labels.name(i), 50) + ", length: " + nameLength + ", limit: "
                        + limits.labelNameLengthLimit() + ")";
            }
            int valueLength = GoFormat.byteLength(labels.value(i));
            if (limits.labelValueLengthLimit() > 0 && valueLength > limits.labelValueLengthLimit()) {
                return "label_value_length_limit exceeded (metric: " + metric + ", label name: "
                        + GoFormat.truncate(labels.name(i), 50) + ", value: " + GoFormat.quote(GoFormat.truncate(labels.value(i), 50))
                        + ", length: " + valueLength + ", limit: " + limits.labelValueLengthLimit() + ")";
            }
        }
        return null;
    }

    private static Map<Labels, Double> reportSamples(ScrapeTarget target, boolean up, double durationSeconds,
                                                     Outcome outcome, int seriesAdded) {
        Map<Labels, Double> report = new LinkedHashMap<>();
        report.put(reportLabels(target, "up"), up ? 1.0 : 0.0);
        report.put(reportLabels(target, "scrape_duration_seconds"), durationSeconds);
        report.put(reportLabels(target, "scrape_samples_scraped"), (double) outcome.samplesScraped());
        report.put(reportLabels(target, "scrape_samples_post_metric_relabeling"), (double) outcome.samples().size());
        report.put(reportLabels(target, "scrape_series_added"), up ? (double) seriesAdded : 0.0);
        return report;
    }

    private static Labels reportLabels(ScrapeTarget target, String name) {
        return target.labels().toBuilder().set(Labels.METRIC_NAME, name).build();
    }

    private static final List<String> REPORT_NAMES = List.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    /** The synthetic series of a target with these labels. */
    private static Set<Labels> reportLabels(Labels targetLabels) {
        Set<Labels> series = new HashSet<>();
        for (String name : REPORT_NAMES) {
            series.add(targetLabels.toBuilder().set(Labels.METRIC_NAME, name).build());
        }
        return series;
    }

    private static String describeFetchError(Throwable error, ScrapeTarget target) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "scrape timed out after " + target.timeout().toMillis() + "ms (context deadline exceeded)";
        }
        if (LimitedBody.LIMIT_EXCEEDED.equals(cause.getMessage())) {
            return LimitedBody.LIMIT_EXCEEDED;
        }
        return describe(cause);
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof CompletionException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + message;
    }

    private static void rollbackQuietly(Appender appender) {
        if (appender == null) {
            return;
        }
        try {
            appender.rollback();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "rollback after a failed commit failed too: " + describe(e));
        }
    }

    /**
     * What the engine remembers of one target between scrapes, a cache of its stored
     * {@link TargetSeriesState}; guarded by its own monitor.
     */
    private static final class TargetState {
        Set<Labels> lastSeries = Set.of();
        Set<Labels> knownSeries = Set.of();
        Set<Labels> reportSeries = Set.of();
        List<MetricMetadata> metadata = List.of();
        /** Digest of the stored state this cache matches; null when nothing was stored. */
        String digest;
        /** The last store write failed: write again even if nothing changed. */
        boolean dirty;
        Set<Labels> storedSeries;
        List<MetricMetadata> storedMetadata;
        Labels storedLabels;

        void restore(TargetSeriesState stored, String storedDigest) {
            lastSeries = Set.copyOf(stored.series());
            knownSeries = lastSeries;
            reportSeries = reportLabels(stored.targetLabels());
            metadata = stored.metadata();
            digest = storedDigest;
            dirty = false;
            storedSeries = lastSeries;
            storedMetadata = metadata;
            storedLabels = stored.targetLabels();
        }

        void reset() {
            lastSeries = Set.of();
            knownSeries = Set.of();
            reportSeries = Set.of();
            metadata = List.of();
            digest = null;
            dirty = false;
            storedSeries = null;
            storedMetadata = null;
            storedLabels = null;
        }
    }
}
