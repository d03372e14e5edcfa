package io.promless.local;

import io.promless.api.ApiHandler;
import io.promless.api.ApiResponse;
import io.promless.api.BlockStatusView;
import io.promless.api.HeadStatusView;
import io.promless.api.HealthEndpoints;
import io.promless.api.PrometheusApi;
import io.promless.api.RouteTable;
import io.promless.api.ServerInfo;
import io.promless.api.http.LocalHttpServer;
import io.promless.api.write.RemoteWriteEndpoint;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockTotals;
import io.promless.blocks.compact.CompactionService;
import io.promless.blocks.compact.CompactionSettings;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.config.PrometheusDuration;
import io.promless.exposition.ExpositionFormat;
import io.promless.ingest.IngestService;
import io.promless.local.cli.LocalFlags;
import io.promless.local.head.FileHeadStore;
import io.promless.local.objects.FileObjectStore;
import io.promless.local.queue.FileMessageQueue;
import io.promless.local.schedule.TimerScheduler;
import io.promless.promql.SeriesSelectors;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.remote.QueueAppendable;
import io.promless.remote.QueueAppendableOptions;
import io.promless.remote.QueueMessageDecoder;
import io.promless.remote.RemoteWriteForwarder;
import io.promless.rules.AlertingRule;
import io.promless.rules.RuleGroup;
import io.promless.rules.RuleManager;
import io.promless.rules.file.NameValidation;
import io.promless.rules.file.RuleFileParser;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeScheduler;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.Sleeper;
import io.promless.scrape.state.ObjectScrapeStateStore;
import io.promless.storage.InMemoryMetadataStore;
import io.promless.telemetry.HistogramFamily;
import io.promless.telemetry.MetricRegistry;
import io.promless.telemetry.TextFormat;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.HeadSummary;
import io.promless.tsdb.head.SegmentHeadWriter;
import io.promless.web.WebAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local mode's composition root: the same engine the Lambda functions run, wired to local
 * adapters (files under --storage.tsdb.path) and a local HTTP server, in one process.
 *
 * <pre>
 *  timer ─> scrape ─> file queue ─> ingest worker ─> file head ──────────┬─> PromQL ─> HTTP API :9090
 *                                  timer ─> compaction ─> blocks (files) ─┘
 *  timer ─> rule groups ─(query)─> PromQL; recorded series and ALERTS ─> file head
 * </pre>
 */
public final class LocalPromless implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalPromless.class.getName());

    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private final LocalHttpServer server;
    private final IngestWorker ingestWorker;
    private final ScrapeService scrape;
    private final RuleManager rules;

    private LocalPromless(Builder parts) {
        this.server = parts.server;
        this.ingestWorker = parts.ingestWorker;
        this.scrape = parts.scrape;
        this.rules = parts.rules;
        this.closeInReverse.addAll(parts.closeables);
    }

    /** Starts everything; on return the API answers and the first scrapes are under way. */
    public static LocalPromless start(LocalFlags flags) {
        configureLogging(flags);
        Builder parts = new Builder();
        try {
            return parts.build(flags);
        } catch (RuntimeException e) {
            parts.closeAll();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** Ingests whatever the queue holds now, on the caller's thread (tests use it to skip polling delays). */
    int ingestPending() {
        int total = 0;
        for (int taken = ingestWorker.drainOnce(); taken > 0; taken = ingestWorker.drainOnce()) {
            total += taken;
        }
        return total;
    }

    ScrapeService scrapeService() {
        return scrape;
    }

    /** The rule groups of --config.file's rule_files (tests drive evaluations through it). */
    RuleManager ruleManager() {
        return rules;
    }

    @Override
    public void close() {
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + closeInReverse.get(i) + " failed", e);
            }
        }
    }

    private static void configureLogging(LocalFlags flags) {
        Logger root = Logger.getLogger("");
        root.setLevel(flags.logLevel().julLevel());
        for (var handler : root.getHandlers()) {
            handler.setLevel(flags.logLevel().julLevel());
        }
    }

    /** Builds the object graph in dependency order, remembering what to close if a step fails. */
    private static final class Builder {
        private final List<AutoCloseable> closeables = new ArrayList<>();
        private LocalHttpServer server;
        private IngestWorker ingestWorker;
        private ScrapeService scrape;
        private RuleManager rules;

        LocalPromless build(LocalFlags flags) {
            Clock clock = Clock.systemUTC();
            Path data = flags.storagePath();
            PrometheusConfig config = ConfigLoader.standard().load(flags.configFile());

            FileHeadStore head = remember(FileHeadStore.open(data.resolve("head"), FileHeadStore.Durability.PROCESS_CRASH));
            FileObjectStore objects = new FileObjectStore(data.resolve("objects"));
            FileMessageQueue queue = new FileMessageQueue(data.resolve("queue"));
            FileMessageQueue deadLetters = new FileMessageQueue(data.resolve("queue-dead-letters"));
            // Blocks keep data for the retention; the head only until compaction has copied it.
            CompactionSettings compactionSettings = LocalCompaction.settings(flags.retention());
            HeadOptions headOptions = HeadOptions.defaults().withRetention(compactionSettings.headRetention());

            // Metadata arrives with every scrape, so memory is enough: a restart refills it.
            InMemoryMetadataStore metadata = new InMemoryMetadataStore();
            SegmentHeadWriter headWriter = new SegmentHeadWriter(head, headOptions);
            IngestService ingest = new IngestService(headWriter, new QueueMessageDecoder(objects), metadata);
            ingestWorker = remember(new IngestWorker(queue, deadLetters, ingest));

            QueueAppendable scrapeSink = new QueueAppendable(queue, objects);
            // Scrape state under the data directory: staleness continues across restarts.
            ScrapeEngine scrapeEngine = remember(new ScrapeEngine(scrapeSink,
                    contentType -> ExpositionFormat.fromContentType(contentType).parser(), System::nanoTime,
                    new ObjectScrapeStateStore(objects), target -> ScrapeEngine.DEFAULT_STATE_GROUP));
            scrape = new ScrapeService(config, scrapeEngine);

            HeadQueryable queryable = new HeadQueryable(head, headOptions);
            CompactionService compaction = LocalCompaction.service(queryable, objects, compactionSettings);
            PromqlEngine promql = new PromqlEngine(EngineOptions.defaults());
            // Rule files are checked at startup, as Prometheus does: an invalid one stops the start.
            RuleFileParser ruleParser = new RuleFileParser(promql::parse, NameValidation.UTF8, false);
            List<RuleGroup> ruleGroups = RuleManager.load(config.ruleFiles(), ruleParser,
                    config.global().evaluationInterval(), Duration.ZERO);
            LoggingAlertSink alertSink = new LoggingAlertSink();
            // Rule output goes into the head that scrapes fill, directly, so later rules of a group
            // see it at once. Alerts get their activeAt back from ALERTS_FOR_STATE after a restart.
            rules = new RuleManager(ruleGroups, new RuleGroup.Evaluation(
                    (expr, time) -> promql.instantQuery(queryable, expr, time), new HeadAppendable(headWriter), alertSink,
                    new AlertingRule.TemplateContext(config.global().externalLabels(), externalUrl(flags)),
                    RuleGroup.DEFAULT_RESEND_DELAY, System::nanoTime), queryable);
            Instant started = clock.instant();
            String configYaml = readConfigText(flags.configFile());
            ScrapeTargetsView targetsView = new ScrapeTargetsView(scrape);
            PrometheusApi api = PrometheusApi.builder(promql, LocalCompaction.storage(objects, queryable), SeriesSelectors::parse, clock)
                    .metadataStore(metadata)
                    .targets(targetsView)
                    .targetMetadata(targetsView.metadataView())
                    .rules(new RuleGroupsView(rules, promql))
                    .headStatus(() -> {
                        HeadSummary summary = HeadSummary.of(head, headOptions);
                        return new HeadStatusView.HeadStatus(summary.chunks(), summary.minTime(), summary.maxTime(), summary.series());
                    })
                    .blockStatus(() -> {
                        BlockTotals totals = BlockTotals.of(new BlockIndex(objects).blocks());
                        return new BlockStatusView.BlockStatus(totals.blocks(), totals.bytes(), totals.minTime(), totals.maxTime(),
                                totals.series(), totals.samples());
                    })
                    .serverInfo(() -> serverInfo(flags, started, configYaml))
                    .build();

            MetricRegistry registry = new MetricRegistry();
            SelfMetrics.register(registry, ingest, ingestWorker, queue, deadLetters, scrapeSink, scrapeEngine, head, queryable);
            registry.counterCallback("promless_rule_group_evaluations_total", "Rule group evaluations run.", rules::evaluations);
            registry.counterCallback("promless_rule_group_evaluation_failures_total",
                    "Rule group evaluations in which at least one rule failed.", rules::evaluationFailures);
            registry.counterCallback("promless_alerts_sent_total", "Alerts handed to the notifier (firing and resolved).",
                    alertSink::alertsSent);
            SelfMetrics.registerCompaction(registry, compaction);
            HistogramFamily durations = registry.histogramFamily("promless_http_request_duration_seconds",
                    "Time spent answering HTTP requests, by handler.", io.promless.telemetry.Histogram.DEFAULT_BUCKETS, "handler");
            // Remote-write bodies go on the queue as the scrape side's do; ingest treats both alike.
            RemoteWriteEndpoint remoteWrite = new RemoteWriteEndpoint(
                    new RemoteWriteForwarder(queue, objects, QueueAppendableOptions.defaults()));
            RouteTable routes = new WebAssets().addRoutes(RouteTable.builder()
                    .exact(RemoteWriteEndpoint.PATH, timed(durations, remoteWrite))
                    .prefix(PrometheusApi.PREFIX + "/", timed(durations, api))
                    .exact("/metrics", timed(durations, request -> metricsResponse(registry)))
                    .exact("/-/healthy", HealthEndpoints.healthy())
                    .exact("/-/ready", HealthEndpoints.ready(() -> true)))
                    .build();
            server = remember(LocalHttpServer.start(
                    new InetSocketAddress(flags.listenAddress().bindHost(), flags.listenAddress().port()), routes, 8));

            ingestWorker.start();
            TimerScheduler housekeeping = remember(new TimerScheduler("promless-housekeeping", 1, clock));
            housekeeping.every(Duration.ofHours(1), now -> head.deleteExpired(now / 1000));
            // Same single thread as the head's expiry: compaction runs are never concurrent.
            LocalCompaction.schedule(housekeeping, compaction);
            ScrapeScheduler scrapeLoop = remember(new ScrapeScheduler(scrape,
                    new TimerScheduler("promless-scrape", ScrapeScheduler.threadsNeeded(scrape) + 1, clock), Sleeper.onClock(clock)));
            scrapeLoop.start();
            if (!ruleGroups.isEmpty()) {
                // A one-second tick: each group evaluates at its own aligned times (RuleManager#evaluateDue).
                TimerScheduler ruleTimer = remember(new TimerScheduler("promless-rules", 1, clock));
                ruleTimer.every(Duration.ofSeconds(1), now -> {
                    try {
                        rules.evaluateDue(now);
                    } catch (RuntimeException e) {
                        // An escaping exception would cancel the timer and stop all rule evaluation.
                        LOG.log(Level.WARNING, "rule evaluation failed", e);
                    }
                });
            }
            LOG.info(() -> "Promless is ready: API on http://" + server.address().getHostString() + ":" + server.address().getPort()
                    + ", data in " + data.toAbsolutePath() + ", " + config.scrapeConfigs().size() + " scrape jobs, "
                    + ruleGroups.size() + " rule groups");
            return new LocalPromless(this);
        }

        private <T extends AutoCloseable> T remember(T closeable) {
            closeables.add(closeable);
            return closeable;
        }

        void closeAll() {
            new LocalPromless(this).close();
        }
    }

    /** What $externalURL shows in templates: Prometheus's default, this server's own address. */
    private static String externalUrl(LocalFlags flags) {
        return "http://" + flags.listenAddress().bindHost() + ":" + flags.listenAddress().port() + "/";
    }

    private static ApiHandler timed(HistogramFamily durations, ApiHandler handler) {
        return request -> {
            long started = System.nanoTime();
            try {
                return handler.handle(request);
            } finally {
                durations.labels(handlerName(request.path())).observe((System.nanoTime() - started) / 1e9);
            }
        };
    }

    private static String readConfigText(Path configFile) {
        try {
            return Files.readString(configFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile, e);
        }
    }

    /** /api/v1/status/{buildinfo,runtimeinfo,config,flags}: the flags as Prometheus names them. */
    private static ServerInfo serverInfo(LocalFlags flags, Instant started, String configYaml) {
        ServerInfo minimal = ServerInfo.minimal(started);
        Map<String, String> flagValues = Map.of(
                "config.file", flags.configFile().toString(),
                "storage.tsdb.path", flags.storagePath().toString(),
                "storage.tsdb.retention.time", PrometheusDuration.format(flags.retention()),
                "web.listen-address", flags.listenAddress().toString(),
                "log.level", flags.logLevel().flagValue());
        return new ServerInfo(minimal.build(), started, minimal.workingDirectory(), hostname(), configYaml, true, started,
                flagValues, PrometheusDuration.format(flags.retention()));
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }

    /** The path with its variable part folded, so the handler label stays bounded as Prometheus's does. */
    static String handlerName(String path) {
        String labelValues = PrometheusApi.PREFIX + "/label/";
        if (path.startsWith(labelValues)) {
            return labelValues + ":name/values";
        }
        return path;
    }

    private static ApiResponse metricsResponse(MetricRegistry registry) {
        return new ApiResponse(200, Map.of("Content-Type", TextFormat.CONTENT_TYPE),
                registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
