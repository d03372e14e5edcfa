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
 * scrape duration. Per-target state (for staleness and series added) lives as long as this
 * engine, i.e. across scrapes of a warm process. Thread-safe.
 */
public final class ScrapeEngine implements AutoCloseable {
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
    private final Map<String, TargetState> states = new ConcurrentHashMap<>();
    private final Map<String, ScrapeResult> lastResults = new ConcurrentHashMap<>();

    private final LongAdder scrapes = new LongAdder();
    private final LongAdder scrapesFailed = new LongAdder();
    private final LongAdder samplesAppended = new LongAdder();
    private final LongAdder staleMarkersAppended = new LongAdder();
    private final LongAdder commitsFailed = new LongAdder();

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
        this.appendable = requireNonNull(appendable, "appendable is null");
        this.parserForContentType = requireNonNull(parserForContentType, "parserForContentType is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** Scrapes all targets concurrently, each within its own timeout; results in target order. */
    public List<ScrapeResult> scrapeAll(Collection<ScrapeTarget> targets, long nowMillis) {
        List<CompletableFuture<ScrapeResult>> futures = new ArrayList<>(targets.size());
        for (ScrapeTarget target : targets) {
            futures.add(scrape(target, nowMillis));
        }
        List<ScrapeResult> results = new ArrayList<>(futures.size());
        for (CompletableFuture<ScrapeResult> future : futures) {
            results.add(future.join());
        }
        return List.copyOf(results);
    }

    /** The outcome of the target's latest scrape, for /api/v1/targets; empty before its first. */
    public Optional<ScrapeResult> lastResult(ScrapeTarget target) {
        return Optional.ofNullable(lastResults.get(target.stateKey()));
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
     * target disappears. Returns the number of markers written.
     */
    public int forgetTargetsExcept(Collection<ScrapeTarget> current, long nowMillis) {
        Set<String> keep = new HashSet<>();
        for (ScrapeTarget target : current) {
            keep.add(target.stateKey());
        }
        int markers = 0;
        for (Map.Entry<String, TargetState> entry : states.entrySet()) {
            if (keep.contains(entry.getKey())) {
                continue;
            }
            lastResults.remove(entry.getKey());
            TargetState state = entry.getValue();
            synchronized (state) {
                Appender appender = null;
                Set<Labels> series = new HashSet<>(state.lastSeries);
                series.addAll(state.reportSeries);
                try {
                    appender = appendable.appender();
                    for (Labels labels : series) {
                        appender.append(labels, nowMillis, StaleMarker.VALUE);
                    }
                    appender.commit();
                    markers += series.size();
                    staleMarkersAppended.add(series.size());
                    states.remove(entry.getKey());
                } catch (RuntimeException e) {
                    rollbackQuietly(appender);
                    commitsFailed.increment();
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
        if (limit > 0 && body.length > limit) {
            return Fetched.failed(LimitedBody.LIMIT_EXCEEDED);
        }
        return new Fetched(body, response.headers().firstValue("Content-Type").orElse(""), null);
    }

    private static byte[] gunzip(byte[] compressed, long limit) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            if (limit <= 0) {
                return in.readAllBytes();
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw new IOException(LimitedBody.LIMIT_EXCEEDED);
            }
            return body;
        }
    }

    /** Turns one fetch into appended samples and a result; never throws. */
    private ScrapeResult record(ScrapeTarget target, long nowMillis, long startNanos, Fetched fetched) {
        double durationSeconds = Math.max(0, nanoTime.getAsLong() - startNanos) / 1e9;
        TargetState state = states.computeIfAbsent(target.stateKey(), key -> new TargetState());
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
            }
            return new ScrapeResult(target, nowMillis, up, durationSeconds, outcome.samplesScraped(),
                    outcome.samples().size(), up ? seriesAdded : 0, stale.size(), Optional.ofNullable(outcome.error()));
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
            return Outcome.failed(scraped, "sample limit exceeded (" + samples.size() + " > " + limits.sampleLimit() + ")");
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

    private static String checkLabelLimits(Labels labels, ScrapeLimits limits) {
        if (limits.labelLimit() > 0 && labels.size() > limits.labelLimit()) {
            return "label_limit exceeded (metric: " + labels.metricName() + ", number of labels: " + labels.size()
                    + ", limit: " + limits.labelLimit() + ")";
        }
        for (int i = 0; i < labels.size(); i++) {
            if (limits.labelNameLengthLimit() > 0 && labels.name(i).length() > limits.labelNameLengthLimit()) {
                return "label_name_length_limit exceeded (metric: " + labels.metricName() + ", label name: "
                        + labels.name(i) + ", limit: " + limits.labelNameLengthLimit() + ")";
            }
            if (limits.labelValueLengthLimit() > 0 && labels.value(i).length() > limits.labelValueLengthLimit()) {
                return "label_value_length_limit exceeded (metric: " + labels.metricName() + ", label name: "
                        + labels.name(i) + ", limit: " + limits.labelValueLengthLimit() + ")";
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

    private static String describeFetchError(Throwable error, ScrapeTarget target) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "scrape timed out after " + target.timeout().toMillis() + "ms (context deadline exceeded)";
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

    /** What the engine remembers of one target between scrapes; guarded by its own monitor. */
    private static final class TargetState {
        Set<Labels> lastSeries = Set.of();
        Set<Labels> knownSeries = Set.of();
        Set<Labels> reportSeries = Set.of();
    }
}
