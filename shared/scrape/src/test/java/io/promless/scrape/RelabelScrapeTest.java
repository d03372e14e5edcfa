package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** relabel_configs on targets before the scrape and metric_relabel_configs on every scraped sample. */
class RelabelScrapeTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String BODY = """
            http_requests_total{code="200",path="/a"} 10
            http_requests_total{code="500",path="/a"} 1
            go_goroutines 7
            go_threads 9
            process_cpu_seconds_total 3.5
            """;

    private TestTargets targets;
    private RecordingAppendable sink;
    private ScrapeEngine engine;

    @BeforeEach
    void start() throws IOException {
        targets = new TestTargets().route("/metrics", TestTargets.Route.ok(BODY)).route("/probe", TestTargets.Route.ok("probe_success 1\n"));
        sink = new RecordingAppendable();
        engine = new ScrapeEngine(sink, contentType -> new LineParser());
    }

    @AfterEach
    void stop() {
        engine.close();
        targets.close();
    }

    private ScrapeService service(String yaml) {
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        return new ScrapeService(config, engine);
    }

    @Test
    void targetRelabelingRewritesAddressPathParamsAndIntervalAndDropsTargets() {
        ScrapeService service = service("""
                scrape_configs:
                  - job_name: blackbox
                    scrape_interval: 30s
                    scrape_timeout: 10s
                    static_configs:
                      - targets: ['example.org', 'skip.example.org']
                        labels: {__meta_zone: eu, __tmp_path: /probe}
                    relabel_configs:
                      - {source_labels: [__address__], regex: 'skip\\..*', action: drop}
                      - {source_labels: [__address__], target_label: __param_target}
                      - {source_labels: [__param_target], target_label: instance}
                      - {target_label: __address__, replacement: '%s'}
                      - {source_labels: [__tmp_path], target_label: __metrics_path__}
                      - {regex: '__meta_(.+)', action: labelmap}
                      - {target_label: __scrape_interval__, replacement: 1m}
                      - {target_label: __scrape_timeout__, replacement: 20s}
                """.formatted(targets.address()));

        assertThat(service.targets()).singleElement().satisfies(target -> {
            assertThat((Object) target.labels()).isEqualTo(Labels.of("job", "blackbox", "instance", "example.org", "zone", "eu"));
            assertThat(target.url().toString()).isEqualTo("http://" + targets.address() + "/probe?target=example.org");
            assertThat(target.interval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(target.timeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat((Object) target.discoveredLabels()).isEqualTo(Labels.of("__address__", "example.org", "__meta_zone", "eu",
                    "__tmp_path", "/probe", "__metrics_path__", "/metrics", "__scheme__", "http",
                    "__scrape_interval__", "30s", "__scrape_timeout__", "10s", "job", "blackbox"));
        });
        assertThat(service.droppedTargets()).singleElement().satisfies(dropped -> {
            assertThat(dropped.jobName()).isEqualTo("blackbox");
            assertThat(dropped.discoveredLabels().get("__address__")).isEqualTo("skip.example.org");
        });
        assertThat(service.scheduleIntervals()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1));

        List<ScrapeResult> results = service.scrapeInterval(Duration.ofMinutes(1), NOW);
        assertThat(results).singleElement().satisfies(result -> assertThat(result.up()).isTrue());
        assertThat(targets.lastQuery("/probe")).isEqualTo("target=example.org");
        assertThat(targets.lastHeaders("/probe").get("X-prometheus-scrape-timeout-seconds")).containsExactly("20");
        assertThat(sink.all()).contains(new RecordingAppendable.Appended(
                Labels.of("__name__", "probe_success", "job", "blackbox", "instance", "example.org", "zone", "eu"), NOW, 1));
    }

    @Test
    void targetsRelabelingCannotMakeScrapableAreLeftOut() {
        ScrapeService service = service("""
                scrape_configs:
                  - job_name: j
                    scrape_interval: 10s
                    scrape_timeout: 5s
                    static_configs: [{targets: ['a:1', 'b:1', 'c:1', 'd:1']}]
                    relabel_configs:
                      - {source_labels: [__address__], regex: 'a:1', target_label: __address__, replacement: ''}
                      - {source_labels: [__address__], regex: 'b:1', target_label: __address__, replacement: 'b/path'}
                      - {source_labels: [__address__], regex: 'c:1', target_label: __scrape_timeout__, replacement: 1m}
                      - {source_labels: [__address__], regex: 'd:1', target_label: __scrape_interval__, replacement: soon}
                """);
        assertThat(service.targets()).isEmpty();
        assertThat(service.droppedTargets()).isEmpty();
        assertThat(TargetResolver.resolve(service.config().scrapeConfigs().get(0),
                service.config().scrapeConfigs().get(0).staticConfigs()).errors()).containsExactly(
                "instance a:1 in job j: no address",
                "instance b:1 in job j: \"b/path\" is not a valid hostname",
                "instance c:1 in job j: scrape timeout cannot be greater than scrape interval (\"1m\" > \"10s\")",
                "instance d:1 in job j: error parsing scrape interval: not a valid duration string: \"soon\"");
    }

    @Test
    void identicalTargetsAfterRelabelingAreScrapedOnce() {
        ScrapeService service = service("""
                scrape_configs:
                  - job_name: j
                    static_configs: [{targets: ['x:1', 'y:1']}]
                    relabel_configs:
                      - {target_label: __address__, replacement: 'z:1'}
                """);
        assertThat(service.targets()).extracting(ScrapeTarget::instance).containsExactly("z:1");
    }

    @Test
    void metricRelabelingRewritesAndDropsSamplesAndCountsWhatIsLeft() {
        ScrapeService service = service("""
                scrape_configs:
                  - job_name: app
                    static_configs: [{targets: ['%s']}]
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: 'go_.*', action: drop}
                      - {source_labels: [code], regex: '5..', target_label: class, replacement: error}
                      - {regex: path, action: labeldrop}
                      - {source_labels: [__name__], regex: '(.*)_total', target_label: __name__, replacement: '${1}_count'}
                      - {source_labels: [job], target_label: team, replacement: payments}
                """.formatted(targets.address()));

        ScrapeResult result = service.scrapeAll(NOW).get(0);

        assertThat(result.up()).isTrue();
        assertThat(result.samplesScraped()).isEqualTo(5);
        assertThat(result.samplesPostMetricRelabeling()).isEqualTo(3);
        assertThat(sink.last("scrape_samples_scraped")).contains(5.0);
        assertThat(sink.last("scrape_samples_post_metric_relabeling")).contains(3.0);
        assertThat(sink.named("go_goroutines")).isEmpty();
        String instance = targets.address();
        assertThat(sink.all()).contains(
                new RecordingAppendable.Appended(Labels.of("__name__", "http_requests_count", "code", "200", "job", "app",
                        "instance", instance, "team", "payments"), NOW, 10),
                new RecordingAppendable.Appended(Labels.of("__name__", "http_requests_count", "code", "500", "class", "error",
                        "job", "app", "instance", instance, "team", "payments"), NOW, 1),
                new RecordingAppendable.Appended(Labels.of("__name__", "process_cpu_seconds_count", "job", "app",
                        "instance", instance, "team", "payments"), NOW, 3.5));
        // The synthetic series are not relabeled.
        assertThat(sink.all()).anySatisfy(sample -> assertThat((Object) sample.labels())
                .isEqualTo(Labels.of("__name__", "up", "job", "app", "instance", instance)));
    }

    @Test
    void droppingTheMetricNameFailsTheScrape() {
        ScrapeService service = service("""
                scrape_configs:
                  - job_name: app
                    static_configs: [{targets: ['%s']}]
                    metric_relabel_configs:
                      - {regex: __name__, action: labeldrop}
                """.formatted(targets.address()));
        ScrapeResult result = service.scrapeAll(NOW).get(0);
        assertThat(result.up()).isFalse();
        assertThat(result.error()).contains("missing metric name (__name__ label)");
        assertThat(sink.last("up")).contains(0.0);
    }

    @Test
    void sampleLimitCountsSamplesLeftAfterMetricRelabeling() {
        String yaml = """
                scrape_configs:
                  - job_name: app
                    sample_limit: 3
                    static_configs: [{targets: ['%s']}]
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: '%s', action: drop}
                """;
        ScrapeResult kept = service(yaml.formatted(targets.address(), "go_.*")).scrapeAll(NOW).get(0);
        assertThat(kept.up()).isTrue();
        assertThat(kept.samplesPostMetricRelabeling()).isEqualTo(3);

        ScrapeResult over = service(yaml.formatted(targets.address(), "go_threads")).scrapeAll(NOW + 15_000).get(0);
        assertThat(over.up()).isFalse();
        assertThat(over.error()).hasValueSatisfying(error -> assertThat(error).isEqualTo("sample limit exceeded"));
    }
}
