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
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package prometheus "
                    + "(apt-get install prometheus) to run this differential test");
        }
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

        RecordingAppendable sink = new RecordingAppendable();
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        try (ScrapeEngine engine = new ScrapeEngine(sink, type -> ExpositionFormat.fromContentType(type).parser())) {
            new ScrapeService(config, engine).scrapeAll(1_700_000_000_000L);
        }
        Set<String> ours = sink.all().stream().map(a -> a.labels().toString()).collect(Collectors.toCollection(TreeSet::new));

        Set<String> theirs = waitForSeries(port, ours.size());

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
    private Set<String> waitForSeries(int port, int expectedCount) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String match = URLEncoder.encode("{job=~\"overwrite|honor|batch|b\"}", StandardCharsets.UTF_8);
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
