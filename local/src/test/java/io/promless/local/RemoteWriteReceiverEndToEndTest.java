package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.local.cli.ListenAddress;
import io.promless.local.cli.LocalFlags;
import io.promless.local.cli.LogLevel;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote-write receiver against the real sender: Debian's Prometheus scrapes itself and
 * remote_writes into a local Promless, and the series come back from Promless's query API.
 */
class RemoteWriteReceiverEndToEndTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path directory;
    private Process prometheus;

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    @Test
    void seriesRemoteWrittenByPrometheusAreQueryable() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            throw new IllegalStateException(PROMETHEUS + " is missing: install the Debian package prometheus to run this test");
        }
        Path promlessConfig = Files.writeString(directory.resolve("promless.yml"), "global:\n  scrape_interval: 1m\n");
        LocalFlags flags = new LocalFlags(promlessConfig, directory.resolve("promless-data"), Duration.ofDays(1),
                new ListenAddress("127.0.0.1", 0), LogLevel.WARN);
        try (LocalPromless promless = LocalPromless.start(flags)) {
            String base = "http://127.0.0.1:" + promless.address().getPort();
            int prometheusPort = freePort();
            Path prometheusConfig = Files.writeString(directory.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      external_labels: {sender: debian}
                    scrape_configs:
                      - job_name: self
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    remote_write:
                      - url: %s/api/v1/write
                        queue_config: {batch_send_deadline: 500ms, min_backoff: 100ms, max_backoff: 1s}
                        metadata_config: {send_interval: 2s}
                    """.formatted(prometheusPort, base));
            prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + prometheusConfig,
                    "--storage.tsdb.path=" + directory.resolve("prometheus-data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("prometheus.log").toFile())
                    .start();

            JsonNode up = awaitQuery(base, "up{job=\"self\"}", result -> result.size() == 1);
            JsonNode upLabels = up.get(0).get("metric");
            assertThat(upLabels.get("instance").asText()).isEqualTo("127.0.0.1:" + prometheusPort);
            assertThat(upLabels.get("sender").asText()).isEqualTo("debian");
            assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");

            JsonNode build = awaitQuery(base, "prometheus_build_info{job=\"self\"}", result -> result.size() == 1);
            assertThat(build.get(0).get("metric").get("version").asText()).startsWith("2.");

            // Prometheus counts what it sent through its own remote-write queue; that arrives here too.
            JsonNode sent = awaitQuery(base, "sum(prometheus_remote_storage_samples_total{job=\"self\"})",
                    result -> result.size() == 1 && result.get(0).get("value").get(1).asDouble() > 0);
            assertThat(sent.get(0).get("value").get(1).asDouble()).isPositive();
            JsonNode failed = awaitQuery(base, "sum(prometheus_remote_storage_samples_failed_total{job=\"self\"})",
                    result -> result.size() == 1);
            assertThat(failed.get(0).get("value").get(1).asDouble()).isZero();

            JsonNode seriesCount = awaitQuery(base, "count({job=\"self\"})", result -> result.size() == 1
                    && result.get(0).get("value").get(1).asDouble() > 100);
            assertThat(seriesCount.get(0).get("value").get(1).asDouble()).isGreaterThan(100);

            // The metadata Prometheus sends alongside reaches the metadata API.
            JsonNode metadata = awaitData(base + "/api/v1/metadata?metric=prometheus_build_info",
                    data -> data.has("prometheus_build_info"));
            assertThat(metadata.get("prometheus_build_info").get(0).get("type").asText()).isEqualTo("gauge");

            assertThat(prometheus.isAlive()).as("prometheus is still running").isTrue();
        }
    }

    @Test
    void badBodiesAndMethodsGetPrometheusStatusCodesOverHttp() throws Exception {
        Path config = Files.writeString(directory.resolve("promless.yml"), "global:\n  scrape_interval: 1m\n");
        LocalFlags flags = new LocalFlags(config, directory.resolve("data"), Duration.ofDays(1),
                new ListenAddress("127.0.0.1", 0), LogLevel.WARN);
        try (LocalPromless promless = LocalPromless.start(flags)) {
            URI write = URI.create("http://127.0.0.1:" + promless.address().getPort() + "/api/v1/write");
            HttpResponse<String> garbage = HTTP.send(HttpRequest.newBuilder(write)
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                    .POST(HttpRequest.BodyPublishers.ofString("not snappy")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(garbage.statusCode()).isEqualTo(400);

            HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(write).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(415);

            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(write).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private JsonNode awaitQuery(String base, String promql, Predicate<JsonNode> done) throws Exception {
        return awaitData(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8),
                data -> done.test(data.get("result"))).get("result");
    }

    private JsonNode awaitData(String url, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode data = null;
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(directory.resolve("prometheus.log")));
            }
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            data = JSON.readTree(response.body()).get("data");
            if (done.test(data)) {
                return data;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " did not return the expected data in time; last: " + data + "; prometheus log: "
                + Files.readString(directory.resolve("prometheus.log")));
    }
}
