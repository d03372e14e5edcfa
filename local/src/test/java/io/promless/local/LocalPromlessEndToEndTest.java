package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.local.cli.ListenAddress;
import io.promless.local.cli.LocalFlags;
import io.promless.local.cli.LogLevel;
import io.promless.testkit.exporters.NodeExporterProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local mode as a user runs it: a real node_exporter scraped every second, samples through
 * the file queue and the ingest worker into the file head, read back over the HTTP API; then a
 * restart on the same data directory.
 */
class LocalPromlessEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static NodeExporterProcess nodeExporter;

    @TempDir
    Path directory;

    @BeforeAll
    static void startNodeExporter() {
        nodeExporter = NodeExporterProcess.start();
    }

    @AfterAll
    static void stopNodeExporter() {
        nodeExporter.close();
    }

    @Test
    void scrapedNodeExporterSamplesAreQueryableAndSurviveARestart() throws Exception {
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ['%s']
                        labels:
                          env: test
                """.formatted(nodeExporter.address()));
        LocalFlags flags = new LocalFlags(config, directory.resolve("data"), Duration.ofDays(15),
                new ListenAddress("127.0.0.1", 0), LogLevel.WARN);

        long queryTime;
        try (LocalPromless promless = LocalPromless.start(flags)) {
            String base = "http://127.0.0.1:" + promless.address().getPort();
            JsonNode cpu = awaitQuery(base, "node_cpu_seconds_total", result -> result.size() > 0);
            JsonNode first = cpu.get(0).get("metric");
            assertThat(first.get("__name__").asText()).isEqualTo("node_cpu_seconds_total");
            assertThat(first.get("job").asText()).isEqualTo("node");
            assertThat(first.get("instance").asText()).isEqualTo(nodeExporter.address());
            assertThat(first.get("env").asText()).isEqualTo("test");
            assertThat(first.has("cpu") && first.has("mode")).isTrue();

            JsonNode up = awaitQuery(base, "up{job=\"node\"}", result -> result.size() == 1);
            assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");

            // rate() needs two samples in the window: wait for a few scrapes.
            JsonNode rates = awaitQuery(base, "sum by (mode) (rate(node_cpu_seconds_total[10s]))", result -> result.size() > 1);
            assertThat(rates.get(0).get("metric").fieldNames()).toIterable().containsExactly("mode");
            queryTime = System.currentTimeMillis();

            JsonNode targets = get(base + "/api/v1/targets").get("activeTargets");
            assertThat(targets).hasSize(1);
            assertThat(targets.get(0).get("health").asText()).isEqualTo("up");
            assertThat(targets.get(0).get("scrapeUrl").asText()).isEqualTo("http://" + nodeExporter.address() + "/metrics");

            JsonNode metadata = get(base + "/api/v1/metadata?metric=node_cpu_seconds_total");
            assertThat(metadata.get("node_cpu_seconds_total").get(0).get("type").asText()).isEqualTo("counter");

            JsonNode buildInfo = get(base + "/api/v1/status/buildinfo");
            assertThat(buildInfo.has("version")).isTrue();
            assertThat(buildInfo.has("features")).isFalse();

            // The status page's TSDB figures: the head's series (node_exporter's plus up & co.) and blocks (none yet).
            JsonNode tsdb = get(base + "/api/v1/status/tsdb");
            assertThat(tsdb.get("headStats").get("numSeries").asLong()).isGreaterThan(100);
            assertThat(tsdb.get("headStats").get("chunkCount").asLong()).isPositive();
            assertThat(tsdb.get("blockStats").get("blockCount").asLong()).isZero();
        }

        try (LocalPromless restarted = LocalPromless.start(flags)) {
            String base = "http://127.0.0.1:" + restarted.address().getPort();
            JsonNode before = query(base, "count(node_cpu_seconds_total)", queryTime / 1000.0);
            assertThat(before.get("result")).hasSize(1);
            assertThat(before.get("result").get(0).get("value").get(1).asDouble()).isGreaterThan(0);
        }
    }

    private static JsonNode awaitQuery(String base, String promql, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            result = query(base, promql, System.currentTimeMillis() / 1000.0).get("result");
            if (done.test(result)) {
                return result;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("query " + promql + " did not return the expected result in time; last: " + result);
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data");
    }

    private static JsonNode query(String base, String promql, double time) throws IOException, InterruptedException {
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + time);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("success");
        return body.get("data");
    }
}
