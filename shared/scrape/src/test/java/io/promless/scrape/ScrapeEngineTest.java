package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape engine against real HTTP servers on loopback. */
class ScrapeEngineTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String BODY = """
            # TYPE requests_total counter
            requests_total{path="/a"} 10
            requests_total{path="/b"} 20
            temperature 21.5
            """;

    private TestTargets targets;
    private RecordingAppendable sink;
    private final AtomicLong ticks = new AtomicLong();
    private ScrapeEngine engine;

    @BeforeEach
    void start() throws IOException {
        targets = new TestTargets();
        sink = new RecordingAppendable();
        // Every tick read advances 250 ms, so a scrape measures exactly 0.25 s.
        engine = new ScrapeEngine(sink, contentType -> new LineParser(), () -> ticks.getAndAdd(250_000_000L));
    }

    @AfterEach
    void stop() {
        engine.close();
        targets.close();
    }

    private List<ScrapeResult> scrape(String yaml, long now) {
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        return new ScrapeService(config, engine).scrapeAll(now);
    }

    private String job(String name, String path, String extra) {
        return """
                scrape_configs:
                  - job_name: %s
                    metrics_path: %s
                    scrape_timeout: 500ms
                %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(name, path, extra.indent(4).stripTrailing(), targets.address());
    }

    @Test
    void goodTargetGetsTargetLabelsAndSyntheticSeries() {
        targets.route("/metrics", TestTargets.Route.ok(BODY));

        List<ScrapeResult> results = scrape(job("node", "/metrics", ""), NOW);

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.up()).isTrue();
            assertThat(result.error()).isEmpty();
            assertThat(result.samplesScraped()).isEqualTo(3);
            assertThat(result.seriesAdded()).isEqualTo(3);
        });
        Labels expected = Labels.of("__name__", "requests_total", "path", "/a", "job", "node", "instance", targets.address());
        assertThat(sink.all()).contains(new RecordingAppendable.Appended(expected, NOW, 10));
        assertThat(sink.batches()).hasSize(1);
        Labels up = Labels.of("__name__", "up", "job", "node", "instance", targets.address());
        assertThat(sink.all()).contains(new RecordingAppendable.Appended(up, NOW, 1));
        assertThat(sink.last("scrape_duration_seconds")).contains(0.25);
        assertThat(sink.last("scrape_samples_scraped")).contains(3.0);
        assertThat(sink.last("scrape_samples_post_metric_relabeling")).contains(3.0);
        assertThat(sink.last("scrape_series_added")).contains(3.0);
        assertThat(sink.all()).hasSize(3 + 5);
        assertThat(sink.metadata()).extracting(m -> m.metricFamilyName()).containsExactly("requests_total");
        assertThat(engine.scrapes()).isEqualTo(1);
        assertThat(engine.scrapesFailed()).isZero();
        assertThat(engine.samplesAppended()).isEqualTo(8);
    }

    @Test
    void sendsPrometheusRequestHeaders() {
        targets.route("/metrics", TestTargets.Route.ok(BODY));

        scrape(job("node", "/metrics", ""), NOW);

        var headers = targets.lastHeaders("/metrics");
        assertThat(headers.get("Accept")).containsExactly(
                "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                        + "application/openmetrics-text;version=0.0.1;q=0.5,"
                        + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
        assertThat(headers.get("X-prometheus-scrape-timeout-seconds")).containsExactly("0.5");
        assertThat(headers.get("Accept-encoding")).containsExactly("gzip");
        assertThat(headers.get("User-agent")).containsExactly(ScrapeRequests.USER_AGENT);
    }

    @Test
    void paramsAndStaticLabelsAreUsed() {
        targets.route("/probe", TestTargets.Route.ok("probe_success 1\n"));
        String yaml = """
                scrape_configs:
                  - job_name: blackbox
                    metrics_path: /probe
                    params:
                      module: [http_2xx]
                      target: ['https://example.com/a b']
                    static_configs:
                      - targets: ['%s']
                        labels:
                          team: infra
                """.formatted(targets.address());

        scrape(yaml, NOW);

        assertThat(targets.lastQuery("/probe")).isEqualTo("module=http_2xx&target=https%3A%2F%2Fexample.com%2Fa+b");
        assertThat(sink.named("probe_success")).singleElement()
                .satisfies(a -> assertThat(a.labels().get("team")).isEqualTo("infra"));
        assertThat(sink.named("up")).singleElement()
                .satisfies(a -> assertThat(a.labels().get("team")).isEqualTo("infra"));
    }

    @Test
    void slowTargetTimesOutWithUpZero() {
        targets.route("/slow", TestTargets.Route.ok(BODY).delayed(2_000));

        long started = System.nanoTime();
        List<ScrapeResult> results = scrape(job("slow", "/slow", ""), NOW);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(elapsedMillis).isLessThan(1_500);
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.up()).isFalse();
            assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains("timed out"));
        });
        assertThat(sink.last("up")).contains(0.0);
        assertThat(sink.named("requests_total")).isEmpty();
        assertThat(engine.scrapesFailed()).isEqualTo(1);
    }

    @Test
    void malformedBodyAppendsNoPartialSamples() {
        targets.route("/bad", TestTargets.Route.ok("good_one 1\ngood_two 2\nthis is { not valid\n"));

        List<ScrapeResult> results = scrape(job("bad", "/bad", ""), NOW);

        assertThat(results.get(0).up()).isFalse();
        assertThat(results.get(0).error()).isPresent();
        assertThat(sink.named("good_one")).isEmpty();
        assertThat(sink.last("up")).contains(0.0);
        assertThat(sink.last("scrape_samples_scraped")).contains(2.0);
        assertThat(sink.last("scrape_samples_post_metric_relabeling")).contains(0.0);
        assertThat(sink.last("scrape_series_added")).contains(0.0);
    }

    @Test
    void serverErrorAndUnreachableTargetsAreDown() throws IOException {
        targets.route("/metrics", new TestTargets.Route(500, "text/plain", "oops", 0, false, null));
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String yaml = """
                scrape_configs:
                  - job_name: broken
                    static_configs:
                      - targets: ['%s', '127.0.0.1:%d']
                """.formatted(targets.address(), closedPort);

        List<ScrapeResult> results = scrape(yaml, NOW);

        assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result.up()).isFalse());
        assertThat(results.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("HTTP status 500"));
        assertThat(results.get(1).error()).isPresent();
        assertThat(sink.named("up")).hasSize(2).allSatisfy(a -> assertThat(a.value()).isZero());
    }

    @Test
    void basicAuthBearerTokenAndCredentialsFile(@TempDir Path directory) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes());
        targets.route("/basic", TestTargets.Route.ok("a 1\n").requiring(basic));
        targets.route("/bearer", TestTargets.Route.ok("b 1\n").requiring("Bearer token-1"));
        targets.route("/file", TestTargets.Route.ok("c 1\n").requiring("Custom from-file"));
        targets.route("/denied", TestTargets.Route.ok("d 1\n").requiring("Bearer right"));
        Path tokenFile = directory.resolve("token");
        Files.writeString(tokenFile, "from-file\n");
        String yaml = """
                scrape_configs:
                  - job_name: basic
                    metrics_path: /basic
                    basic_auth: {username: alice, password: s3cret}
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: bearer
                    metrics_path: /bearer
                    bearer_token: token-1
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: file
                    metrics_path: /file
                    authorization: {type: Custom, credentials_file: '%2$s'}
                    static_configs: [{targets: ['%1$s']}]
                  - job_name: denied
                    metrics_path: /denied
                    authorization: {credentials: wrong}
                    static_configs: [{targets: ['%1$s']}]
                """.formatted(targets.address(), tokenFile);

        List<ScrapeResult> results = scrape(yaml, NOW);

        assertThat(results).extracting(ScrapeResult::up).containsExactly(true, true, true, false);
        assertThat(results.get(3).error()).hasValueSatisfying(error -> assertThat(error).contains("401"));
    }

    @Test
    void honorLabelsFalseRenamesConflictsToExported() {
        targets.route("/metrics", TestTargets.Route.ok("""
                pushed{job="batch",instance="worker-1",exported_job="taken"} 1
                """));

        scrape(job("pushgateway", "/metrics", "honor_labels: false"), NOW);

        assertThat(sink.named("pushed")).singleElement().satisfies(a -> assertThat(a.labels().toString()).isEqualTo(Labels.of(
                "__name__", "pushed", "job", "pushgateway", "instance", targets.address(),
                "exported_job", "taken", "exported_exported_job", "batch", "exported_instance", "worker-1").toString()));
    }

    @Test
    void honorLabelsTrueKeepsScrapedLabelsAndFillsGaps() {
        targets.route("/metrics", TestTargets.Route.ok("""
                pushed{job="batch"} 1
                """));

        scrape(job("pushgateway", "/metrics", "honor_labels: true"), NOW);

        assertThat(sink.named("pushed")).singleElement().satisfies(a -> assertThat(a.labels().toString()).isEqualTo(Labels.of(
                "__name__", "pushed", "job", "batch", "instance", targets.address()).toString()));
        assertThat(sink.named("up")).singleElement()
                .satisfies(a -> assertThat(a.labels().get("job")).isEqualTo("pushgateway"));
    }

    @Test
    void honorTimestampsDecidesWhoseTimeIsUsed() {
        targets.route("/metrics", TestTargets.Route.ok("with_time 1 1600000000000\nwithout_time 2\n"));

        scrape(job("honored", "/metrics", ""), NOW);
        scrape(job("ignored", "/metrics", "honor_timestamps: false"), NOW);

        // The second job's service ends the first job's target (stale markers), so only values count here.
        assertThat(sink.named("with_time")).filteredOn(a -> !a.isStale()).extracting(RecordingAppendable.Appended::timestamp)
                .containsExactly(1_600_000_000_000L, NOW);
        assertThat(sink.named("without_time")).filteredOn(a -> !a.isStale()).extracting(RecordingAppendable.Appended::timestamp)
                .containsExactly(NOW, NOW);
    }

    @Test
    void disappearedSeriesGetStalenessMarkersAndSeriesAddedCountsOnlyNewOnes() {
        String yaml = job("node", "/metrics", "");
        targets.route("/metrics", TestTargets.Route.ok("a 1\nb 2\nexplicit 3 1600000000000\n"));
        scrape(yaml, NOW);
        targets.route("/metrics", TestTargets.Route.ok("a 1\nc 3\n"));

        List<ScrapeResult> second = scrape(yaml, NOW + 15_000);

        assertThat(second.get(0).seriesAdded()).isEqualTo(1);
        assertThat(second.get(0).staleMarkers()).isEqualTo(1);
        List<RecordingAppendable.Appended> lastBatch = sink.batches().get(1);
        assertThat(lastBatch).filteredOn(RecordingAppendable.Appended::isStale).singleElement().satisfies(a -> {
            assertThat(a.labels().metricName()).isEqualTo("b");
            assertThat(a.timestamp()).isEqualTo(NOW + 15_000);
        });
        assertThat(sink.last("scrape_series_added")).contains(1.0);
    }

    @Test
    void failedScrapeMarksEverySeriesStaleOnce() {
        String yaml = job("node", "/metrics", "");
        targets.route("/metrics", TestTargets.Route.ok("a 1\nb 2\n"));
        scrape(yaml, NOW);
        targets.route("/metrics", new TestTargets.Route(503, "text/plain", "", 0, false, null));

        scrape(yaml, NOW + 15_000);
        scrape(yaml, NOW + 30_000);

        assertThat(sink.batches().get(1)).filteredOn(RecordingAppendable.Appended::isStale)
                .extracting(a -> a.labels().metricName()).containsExactlyInAnyOrder("a", "b");
        assertThat(sink.batches().get(2)).filteredOn(RecordingAppendable.Appended::isStale).isEmpty();
    }

    @Test
    void gzipBodiesAreDecoded() {
        targets.route("/metrics", TestTargets.Route.ok(BODY).gzipped());

        List<ScrapeResult> results = scrape(job("node", "/metrics", ""), NOW);

        assertThat(results.get(0).up()).isTrue();
        assertThat(sink.named("temperature")).singleElement().satisfies(a -> assertThat(a.value()).isEqualTo(21.5));
    }

    @Test
    void limitsFailTheWholeScrape() {
        targets.route("/metrics", TestTargets.Route.ok(BODY));

        List<ScrapeResult> bySamples = scrape(job("samples", "/metrics", "sample_limit: 2"), NOW);
        List<ScrapeResult> byLabels = scrape(job("labels", "/metrics", "label_limit: 3"), NOW);
        List<ScrapeResult> byBody = scrape(job("body", "/metrics", "body_size_limit: 10B"), NOW);

        targets.route("/huge", TestTargets.Route.ok("filler_metric 1\n".repeat(200_000)));
        targets.route("/zipped", TestTargets.Route.ok("filler_metric 1\n".repeat(1_000)).gzipped());
        List<ScrapeResult> huge = scrape(job("huge", "/huge", "body_size_limit: 1KB"), NOW);
        List<ScrapeResult> zipped = scrape(job("zipped", "/zipped", "body_size_limit: 1KB"), NOW);

        assertThat(huge.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("body size limit exceeded"));
        assertThat(zipped.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("body size limit exceeded"));
        assertThat(sink.named("filler_metric")).isEmpty();
        assertThat(bySamples.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("sample limit exceeded"));
        assertThat(byLabels.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("label_limit exceeded"));
        assertThat(byBody.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("body size limit exceeded"));
        assertThat(sink.named("requests_total")).isEmpty();
    }

    @Test
    void unsupportedContentTypeFailsTheScrape() {
        targets.route("/metrics", TestTargets.Route.ok("{}").withContentType("application/json"));
        Function<String, io.promless.exposition.ExpositionParser> parsers = contentType -> {
            if (contentType.startsWith("application/json")) {
                throw new IllegalArgumentException("unsupported content type " + contentType);
            }
            return new LineParser();
        };
        engine = new ScrapeEngine(sink, parsers, () -> 0L);

        List<ScrapeResult> results = scrape(job("json", "/metrics", ""), NOW);

        assertThat(results.get(0).up()).isFalse();
        assertThat(results.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("application/json"));
    }

    @Test
    void fallbackScrapeProtocolPicksTheParserForAnUnknownContentType() {
        targets.route("/metrics", TestTargets.Route.ok("x 1\n").withContentType("application/json"));
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine = new ScrapeEngine(sink, contentType -> {
            asked.add(contentType);
            if (!contentType.startsWith("text/plain")) {
                throw new IllegalArgumentException("unsupported content type " + contentType);
            }
            return new LineParser();
        }, () -> 0L);

        List<ScrapeResult> results = scrape(job("fallback", "/metrics", "fallback_scrape_protocol: PrometheusText0.0.4"), NOW);

        assertThat(results.get(0).up()).isTrue();
        assertThat(asked).containsExactly("text/plain;version=0.0.4");
    }

    @Test
    void realParsersAreChosenByContentType() {
        String openMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        targets.route("/om", TestTargets.Route.ok("""
                # TYPE jobs counter
                jobs_total{kind="a"} 3
                # EOF
                """).withContentType(openMetrics));
        targets.route("/om-truncated", TestTargets.Route.ok("# TYPE jobs counter\njobs_total{kind=\"a\"} 3\n")
                .withContentType(openMetrics));
        targets.route("/text", TestTargets.Route.ok("# TYPE temp gauge\ntemp{room=\"a b\\\"c\"} 21.5\n"));
        engine = new ScrapeEngine(sink, contentType ->
                io.promless.exposition.ExpositionFormat.fromContentType(contentType).parser(), () -> 0L);

        ScrapeResult om = scrape(job("om", "/om", ""), NOW).get(0);
        ScrapeResult truncated = scrape(job("truncated", "/om-truncated", ""), NOW).get(0);
        ScrapeResult text = scrape(job("text", "/text", ""), NOW).get(0);

        assertThat(om.up()).isTrue();
        assertThat(sink.named("jobs_total")).filteredOn(a -> !a.isStale()).singleElement()
                .satisfies(a -> assertThat(a.labels().get("job")).isEqualTo("om"));
        assertThat(truncated.up()).isFalse();
        assertThat(truncated.error()).isPresent();
        assertThat(text.up()).isTrue();
        assertThat(sink.named("temp")).singleElement().satisfies(a -> assertThat(a.labels().get("room")).isEqualTo("a b\"c"));
    }

    @Test
    void targetsAreScrapedConcurrently() {
        targets.route("/slowish", TestTargets.Route.ok("x 1\n").delayed(300));
        StringBuilder yaml = new StringBuilder("scrape_configs:\n");
        for (int i = 0; i < 8; i++) {
            yaml.append("""
                      - job_name: job%d
                        metrics_path: /slowish
                        static_configs: [{targets: ['%s']}]
                    """.formatted(i, targets.address()));
        }

        long started = System.nanoTime();
        List<ScrapeResult> results = scrape(yaml.toString(), NOW);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(results).hasSize(8).allSatisfy(result -> assertThat(result.up()).isTrue());
        assertThat(elapsedMillis).isLessThan(8 * 300 / 2);
    }

    @Test
    void failingStorageIsCountedNotThrown() {
        targets.route("/metrics", TestTargets.Route.ok(BODY));
        sink.failCommits(true);

        List<ScrapeResult> results = scrape(job("node", "/metrics", ""), NOW);

        assertThat(results.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("storage unavailable"));
        assertThat(engine.commitsFailed()).isEqualTo(1);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void anAppendableThatCannotOpenABatchIsCountedNotThrown() {
        targets.route("/metrics", TestTargets.Route.ok(BODY));
        engine = new ScrapeEngine(() -> {
            throw new IllegalStateException("no storage");
        }, contentType -> new LineParser(), () -> 0L);

        List<ScrapeResult> results = scrape(job("node", "/metrics", ""), NOW);

        assertThat(results.get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("no storage"));
        assertThat(engine.commitsFailed()).isEqualTo(1);
    }

    @Test
    void removedTargetsGetStalenessMarkersForAllTheirSeries() {
        targets.route("/metrics", TestTargets.Route.ok("a 1\n"));
        scrape(job("node", "/metrics", ""), NOW);

        int markers = engine.forgetTargetsExcept(List.of(), NOW + 60_000);

        assertThat(markers).isEqualTo(1 + 5);
        assertThat(sink.batches().get(1)).hasSize(6).allSatisfy(a -> assertThat(a.isStale()).isTrue());
        assertThat(engine.forgetTargetsExcept(List.of(), NOW + 120_000)).isZero();
    }
}
