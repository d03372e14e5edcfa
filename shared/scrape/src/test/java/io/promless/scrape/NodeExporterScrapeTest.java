package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scrapes a real node_exporter (Debian package prometheus-node-exporter) started on a free
 * loopback port, parsing with the real exposition parsers chosen by Content-Type.
 */
class NodeExporterScrapeTest {
    private static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");
    private static Process exporter;
    private static String address;

    @BeforeAll
    static void startExporter() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package prometheus-node-exporter "
                    + "(apt-get install prometheus-node-exporter) to run this test");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        address = "127.0.0.1:" + port;
        exporter = new ProcessBuilder(BINARY.toString(), "--web.listen-address=" + address)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!exporter.isAlive()) {
                throw new IllegalStateException("node_exporter exited with " + exporter.exitValue() + " before listening on " + address);
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (probe.isConnected()) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("node_exporter did not listen on " + address + " within 15 s");
    }

    @AfterAll
    static void stopExporter() throws InterruptedException {
        if (exporter != null) {
            exporter.destroy();
            if (!exporter.waitFor(5, TimeUnit.SECONDS)) {
                exporter.destroyForcibly();
            }
        }
    }

    @Test
    void scrapesNodeExporter() {
        RecordingAppendable sink = new RecordingAppendable();
        String yaml = """
                scrape_configs:
                  - job_name: node
                    scrape_timeout: 10s
                    static_configs:
                      - targets: ['%s']
                """.formatted(address);
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        List<String> contentTypes = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScrapeService service = new ScrapeService(config, new ScrapeEngine(sink, contentType -> {
            contentTypes.add(contentType);
            return ExpositionFormat.fromContentType(contentType).parser();
        }));

        List<ScrapeResult> first = service.scrapeAll(1_700_000_000_000L);
        List<ScrapeResult> second = service.scrapeAll(1_700_000_015_000L);

        assertThat(first).singleElement().satisfies(result -> {
            assertThat(result.error()).isEmpty();
            assertThat(result.up()).isTrue();
            assertThat(result.samplesScraped()).isGreaterThan(100);
            assertThat(result.seriesAdded()).isEqualTo(result.samplesPostMetricRelabeling());
        });
        assertThat(second.get(0).up()).isTrue();
        assertThat(second.get(0).seriesAdded()).isLessThan(first.get(0).seriesAdded());
        assertThat(contentTypes).isNotEmpty().allSatisfy(type -> assertThat(type).isNotBlank());
        assertThat(sink.metadata()).anySatisfy(metadata -> {
            assertThat(metadata.metricFamilyName()).isEqualTo("node_cpu_seconds_total");
            assertThat(metadata.type()).isEqualTo(io.promless.model.MetricType.COUNTER);
        });
        assertThat(sink.named("node_cpu_seconds_total")).isNotEmpty().allSatisfy(sample -> {
            assertThat(sample.labels().get("job")).isEqualTo("node");
            assertThat(sample.labels().get("instance")).isEqualTo(address);
            assertThat(sample.labels().get("cpu")).isNotEmpty();
            assertThat(sample.labels().get("mode")).isNotEmpty();
            assertThat(sample.value()).isGreaterThanOrEqualTo(0);
        });
        assertThat(sink.named("up")).extracting(RecordingAppendable.Appended::value).containsExactly(1.0, 1.0);
        assertThat(sink.last("scrape_duration_seconds")).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(0.0, 10.0));
    }
}
