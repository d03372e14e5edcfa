package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionFormat;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: the real Prometheus (Debian package prometheus) and this engine scrape the
 * same target; the label sets they store (target labels, honor_labels conflicts, synthetic
 * series) must be identical.
 */
class PrometheusDifferentialTest {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final String BODY = """
            # TYPE plain gauge
            plain 1
            # TYPE pushed gauge
            pushed{job="batch",instance="worker-1"} 2
            # TYPE clash gauge
            clash{job="b",exported_job="taken",team="x"} 3
            """;

    @TempDir
    Path directory;
    private Process prometheus;
    private TestTargets targets;

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (targets != null) {
            targets.close();
        }
    }

    @Test
    void storesTheSameLabelSetsAsPrometheus() throws Exception {
        requireBinary();
        targets = new TestTargets().route("/metrics", TestTargets.Route.ok(BODY));
        String yaml = """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: overwrite
                    static_configs: [{targets: ['%1$s'], labels: {team: infra}}]
                  - job_name: honor
                    honor_labels: true
                    static_configs: [{targets: ['%1$s']}]
                """.formatted(targets.address());
        int port = startPrometheus(yaml);

        RecordingAppendable sink = new RecordingAppendable();
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        try (ScrapeEngine engine = new ScrapeEngine(sink, type -> ExpositionFormat.fromContentType(type).parser())) {
            new ScrapeService(config, engine).scrapeAll(1_700_000_000_000L);
        }
        Set<String> ours = sink.all().stream().map(a -> a.labels().toString()).collect(Collectors.toCollection(TreeSet::new));

        Set<String> theirs = waitForSeries(port, "{job=~\"overwrite|honor|batch|b\"}", ours.size());

        assertThat(ours).hasSize(2 * (3 + 5)).contains(Labels.of("__name__", "clash", "job", "overwrite",
                "instance", targets.address(), "team", "infra", "exported_team", "x", "exported_job", "taken",
                "exported_exported_job", "b").toString());
        assertThat(theirs).isEqualTo(ours);
        Map<String, Double> ourReport = new java.util.TreeMap<>();
        for (String name : java.util.List.of("up", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling")) {
            sink.named(name).forEach(a -> ourReport.put(a.labels().toString(), a.value()));
        }
        assertThat(queryValues(port, "{__name__=~\"up|scrape_samples_scraped|scrape_samples_post_metric_relabeling\"}"))
                .isEqualTo(ourReport);
    }

    /**
     * Target relabeling (every action Prometheus 2.42 has, on file_sd targets) and metric
     * relabeling give the same series in both.
     */
    @Test
    void relabelsAndDiscoversFilesAsPrometheusDoes() throws Exception {
        requireBinary();
        targets = new TestTargets().route("/metrics", TestTargets.Route.ok(BODY + """
                # TYPE twins gauge
                twins{a="relabel",b="same"} 4
                twins{a="one",b="two"} 5
                # TYPE Mixed_Case gauge
                Mixed_Case{Env="Prod"} 6
                """));
        int serverPort = Integer.parseInt(targets.address().substring(targets.address().lastIndexOf(':') + 1));
        Files.createDirectories(directory.resolve("sd"));
        Files.writeString(directory.resolve("sd/web.json"), """
                [{"targets": ["127.0.0.1:%1$d", "localhost:%1$d"], "labels": {"team_owner": "web", "env": "prod"}},
                 {"targets": ["127.0.0.2:%1$d"], "labels": {"drop_me": "yes"}}]
                """.formatted(serverPort));
        Files.writeString(directory.resolve("sd/db.yml"), """
                - targets: ['127.0.0.1:%1$d']
                  labels: {team_owner: db, env: test, __param_debug: '1'}
                """.formatted(serverPort));
        String yaml = """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: relabel
                    file_sd_configs: [{files: ['%1$s/sd/*.json', '%1$s/sd/*.yml'], refresh_interval: 1s}]
                    relabel_configs:
                      - {source_labels: [drop_me], regex: 'yes', action: drop}
                      - {source_labels: [env], regex: 'staging', action: drop}
                      - {source_labels: [__address__], regex: '.*:%2$d', action: keep}
                      - {source_labels: [__address__], modulus: 4, target_label: shard, action: hashmod}
                      - {source_labels: [__meta_filepath], regex: '.*/(?P<file>\\w+)\\.(json|yml)', target_label: source, replacement: '${file}_$2'}
                      - {regex: 'team_(.+)', replacement: 'team_is_$1', action: labelmap}
                      - {regex: 'team_owner', action: labeldrop}
                      - {source_labels: [env], target_label: env_upper, action: uppercase}
                      - {source_labels: [env, shard], separator: '-', target_label: combo}
                      - {source_labels: [env], target_label: env, action: keepequal}
                      - {source_labels: [env], target_label: env_upper, action: dropequal}
                      - {source_labels: [__address__], regex: '(.*):(\\d+)', target_label: host, replacement: '$1'}
                      - {regex: 'drop_me|debug_unused', action: labeldrop}
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: 'plain', action: drop}
                      - {source_labels: [__name__, env], regex: '(pushed);(.*)', target_label: pushed_env, replacement: '${1}_$2'}
                      - {source_labels: [host], target_label: host_upper, action: uppercase}
                      - {source_labels: [Env], target_label: env_lower, action: lowercase}
                      - {source_labels: [a], target_label: job, action: dropequal}
                      - {regex: 'exported_.*', action: labeldrop}
                      - {regex: '__name__|job|instance|a|b|env|env_lower|env_upper|Env|host|host_upper|shard|source|team_is_owner|combo|pushed_env|team', action: labelkeep}
                """.formatted(directory, serverPort);
        int port = startPrometheus(yaml);

        RecordingAppendable sink = new RecordingAppendable();
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        try (ScrapeEngine engine = new ScrapeEngine(sink, type -> ExpositionFormat.fromContentType(type).parser())) {
            ScrapeService service = new ScrapeService(config, engine);
            assertThat(service.targets()).hasSize(3);
            assertThat(service.droppedTargets()).hasSize(1);
            service.scrapeAll(1_700_000_000_000L);
        }
        Set<String> ours = sink.all().stream().map(a -> a.labels().toString()).collect(Collectors.toCollection(TreeSet::new));

        Set<String> theirs = waitForSeries(port, "{job=\"relabel\"}", ours.size());

        // 3 targets, each 4 samples left after metric relabeling plus 5 synthetic series.
        assertThat(ours).hasSize(3 * (4 + 5));
        assertThat(theirs).isEqualTo(ours);
        Map<String, Double> ourReport = new java.util.TreeMap<>();
        sink.named("scrape_samples_post_metric_relabeling").forEach(a -> ourReport.put(a.labels().toString(), a.value()));
        assertThat(ourReport.values()).containsOnly(4.0);
        assertThat(queryValues(port, "scrape_samples_post_metric_relabeling{job=\"relabel\"}")).isEqualTo(ourReport);
    }

    private static void requireBinary() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package prometheus "
                    + "(apt-get install prometheus) to run this differential test");
        }
    }

    /** Starts Debian's Prometheus with this config on a free loopback port; returns the port. */
    private int startPrometheus(String yaml) throws IOException {
        Path configFile = directory.resolve("prometheus.yml");
        Files.writeString(configFile, yaml);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        prometheus = new ProcessBuilder(BINARY.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        return port;
    }

    private static Map<String, Double> queryValues(int port, String query) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new java.util.TreeMap<>();
        for (JsonNode sample : new ObjectMapper().readTree(body).path("data").path("result")) {
            Labels.Builder builder = Labels.builder();
            for (Map.Entry<String, JsonNode> label : sample.path("metric").properties()) {
                builder.set(label.getKey(), label.getValue().asText());
            }
            values.put(builder.build().toString(), Double.parseDouble(sample.path("value").get(1).asText()));
        }
        return values;
    }

    /** Polls Prometheus's series API until it holds as many series as we stored (or 20 s pass). */
    private Set<String> waitForSeries(int port, String selector, int expectedCount) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String match = URLEncoder.encode(selector, StandardCharsets.UTF_8);
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/series?match[]=" + match);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Set<String> series = new TreeSet<>();
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(directory.resolve("prometheus.log")));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    series = parseSeries(response.body());
                    if (series.size() >= expectedCount) {
                        return series;
                    }
                }
            } catch (IOException notUpYet) {
                // Prometheus is still starting.
            }
            Thread.sleep(200);
        }
        return series;
    }

    private static Set<String> parseSeries(String json) throws IOException {
        Set<String> series = new TreeSet<>();
        for (JsonNode labels : new ObjectMapper().readTree(json).path("data")) {
            Labels.Builder builder = Labels.builder();
            for (Map.Entry<String, JsonNode> label : labels.properties()) {
                builder.set(label.getKey(), label.getValue().asText());
            }
            series.add(builder.build().toString());
        }
        return series;
    }
}
