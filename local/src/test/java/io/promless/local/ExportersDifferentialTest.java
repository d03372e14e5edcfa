package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.local.cli.ListenAddress;
import io.promless.local.cli.LocalFlags;
import io.promless.local.cli.LogLevel;
import io.promless.model.labels.Labels;
import io.promless.testkit.exporters.NodeExporterProcess;
import io.promless.testkit.exporters.PushgatewayProcess;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporters end to end, against the reference: a real node_exporter and a real Pushgateway with
 * pushed groups are scraped at the same time by the local mode and by Debian's Prometheus, with
 * one prometheus.yml (file SD, target relabeling, metric relabeling that drops families and
 * renames a label, honor_labels true and false on the Pushgateway). Both must store the same
 * series: the label sets from /api/v1/series are compared, values are not (the two scrape at
 * different instants).
 *
 * <p>No series is excluded: Prometheus 2.42 and Promless write the same five synthetic series
 * per target ({@code up}, {@code scrape_duration_seconds}, {@code scrape_samples_scraped},
 * {@code scrape_samples_post_metric_relabeling}, {@code scrape_series_added}); Prometheus's
 * optional extras ({@code scrape_timeout_seconds}, {@code scrape_sample_limit}) need a feature
 * flag this test does not set. The exporters' self-metrics that depend on how often they are
 * scraped ({@code go_*}, {@code process_*}, {@code promhttp_*}, the Pushgateway's HTTP request
 * counters) are dropped by the config itself, since their label sets grow with the requests
 * each scraper makes (e.g. a handler's status codes), not with what the exporter exposes.
 */
class ExportersDifferentialTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ALL_SERIES = "{__name__=~\".+\"}";

    @TempDir
    Path directory;

    @Test
    void promlessStoresTheSameSeriesAsPrometheusForRealExporters() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            throw new IllegalStateException(PROMETHEUS + " is missing: install the Debian package prometheus");
        }
        try (NodeExporterProcess node = NodeExporterProcess.start(); PushgatewayProcess pushgateway = PushgatewayProcess.start()) {
            pushGroups(pushgateway);
            Path config = writeConfig(node.address(), pushgateway.address());
            Process prometheus = startPrometheus(config);
            try (LocalPromless promless = LocalPromless.start(new LocalFlags(config, directory.resolve("promless-data"),
                    Duration.ofDays(1), new ListenAddress("127.0.0.1", 0), LogLevel.WARN))) {
                String promlessBase = "http://127.0.0.1:" + promless.address().getPort();
                String prometheusBase = "http://127.0.0.1:" + prometheusPort;

                // Three targets (node, pushgateway twice) up in both, each scraped a few times.
                awaitUp(prometheusBase, prometheus);
                awaitUp(promlessBase, null);
                Thread.sleep(3_000);
                Set<String> theirs = Set.of();
                Set<String> ours = Set.of();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < deadline) {
                    theirs = series(prometheusBase, ALL_SERIES);
                    ours = series(promlessBase, ALL_SERIES);
                    if (theirs.equals(ours)) {
                        break;
                    }
                    Thread.sleep(1_000);
                }

                assertThat(ours).as("series only in Promless").containsAll(theirs);
                assertThat(theirs).as("series only in Prometheus").containsAll(ours);
                assertExpectedShape(ours, node.address(), pushgateway.address());
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** What the relabeling and honor_labels must have produced, so that equal sets also mean right sets. */
    private static void assertExpectedShape(Set<String> series, String nodeAddress, String pushgatewayAddress) {
        assertThat(series.size()).isGreaterThan(100);
        assertThat(series).noneMatch(labels -> labels.contains("__name__=\"node_scrape_collector_")
                || labels.contains("__name__=\"go_") || labels.contains("team="));
        assertThat(series).anyMatch(labels -> labels.startsWith("{__name__=\"node_cpu_seconds_total\"")
                && labels.contains("cpu_mode=\"idle\"") && !labels.contains(" mode=") && labels.contains("owner=\"infra\"")
                && labels.contains("host=\"127.0.0.1\"") && labels.contains("instance=\"" + nodeAddress + "\""));
        // honor_labels: true keeps the pushed job and instance; a group pushed without an
        // instance keeps none (the Pushgateway exposes instance="").
        assertThat(series).contains(
                Labels.of("__name__", "batch_processed_total", "job", "batch", "instance", "worker-1", "queue", "a").toString(),
                Labels.of("__name__", "nightly_last_success_timestamp_seconds", "job", "nightly").toString(),
                Labels.of("__name__", "up", "job", "pushgateway", "instance", pushgatewayAddress).toString());
        // honor_labels: false renames the clashing pushed labels to exported_*.
        assertThat(series).contains(
                Labels.of("__name__", "batch_processed_total", "job", "pushgateway-plain", "instance", pushgatewayAddress,
                        "exported_job", "batch", "exported_instance", "worker-1", "queue", "a").toString(),
                Labels.of("__name__", "nightly_last_success_timestamp_seconds", "job", "pushgateway-plain",
                        "instance", pushgatewayAddress, "exported_job", "nightly").toString());
    }

    private static void pushGroups(PushgatewayProcess pushgateway) {
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("instance", "worker-1");
        pushgateway.push("batch", worker, """
                # TYPE batch_processed_total counter
                batch_processed_total{queue="a"} 42
                batch_processed_total{queue="b"} 7
                """);
        pushgateway.push("nightly", Map.of(), """
                # TYPE nightly_last_success_timestamp_seconds gauge
                nightly_last_success_timestamp_seconds 1.7e9
                """);
    }

    private Path writeConfig(String nodeAddress, String pushgatewayAddress) throws IOException {
        Path sd = Files.createDirectories(directory.resolve("sd"));
        Files.writeString(sd.resolve("node.json"), """
                [{"targets": ["%s"], "labels": {"team": "infra", "env": "test"}}]
                """.formatted(nodeAddress));
        Files.writeString(sd.resolve("pushgateway.yml"), """
                - targets: ['%s']
                """.formatted(pushgatewayAddress));
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: node
                    file_sd_configs: [{files: ['%1$s/node.json'], refresh_interval: 1s}]
                    relabel_configs:
                      - {source_labels: [__address__], regex: '(.*):\\d+', target_label: host, replacement: '$1'}
                      - {source_labels: [team], target_label: owner}
                      - {regex: team, action: labeldrop}
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: 'node_(scrape_collector|cpu_guest|schedstat|softnet)_.*', action: drop}
                      - {source_labels: [__name__], regex: 'go_.*|process_.*|promhttp_.*', action: drop}
                      - {regex: mode, replacement: cpu_mode, action: labelmap}
                      - {regex: mode, action: labeldrop}
                  - job_name: pushgateway
                    honor_labels: true
                    file_sd_configs: [{files: ['%1$s/pushgateway.yml']}]
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: 'go_.*|process_.*|pushgateway_http_.*', action: drop}
                  - job_name: pushgateway-plain
                    file_sd_configs: [{files: ['%1$s/pushgateway.yml']}]
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: 'go_.*|process_.*|pushgateway_http_.*', action: drop}
                """.formatted(sd));
        return config;
    }

    private int prometheusPort;

    private Process startPrometheus(Path config) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            prometheusPort = socket.getLocalPort();
        }
        return new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
    }

    /** Waits until the three targets report up=1. */
    private void awaitUp(String base, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(directory.resolve("prometheus.log")));
            }
            try {
                URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode("up == 1", StandardCharsets.UTF_8));
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                last = response.body();
                if (response.statusCode() == 200 && JSON.readTree(last).path("data").path("result").size() == 3) {
                    return;
                }
            } catch (IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("targets not all up at " + base + "; last answer: " + last);
    }

    private static Set<String> series(String base, String selector) throws Exception {
        URI uri = URI.create(base + "/api/v1/series?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Set<String> series = new TreeSet<>();
        for (JsonNode labels : JSON.readTree(response.body()).path("data")) {
            Labels.Builder builder = Labels.builder();
            labels.properties().forEach(label -> builder.set(label.getKey(), label.getValue().asText()));
            series.add(builder.build().toString());
        }
        return series;
    }
}
