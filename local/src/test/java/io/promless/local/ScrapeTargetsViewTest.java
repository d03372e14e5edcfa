package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promless.api.TargetsView;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.local.memory.InMemoryMessageQueue;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.exposition.ExpositionFormat;
import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import io.promless.remote.QueueAppendable;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /api/v1/targets shows relabeled targets with what discovery handed over, and the dropped ones. */
class ScrapeTargetsViewTest {
    @Test
    void activeTargetsCarryDiscoveredAndFinalLabelsAndDroppedTargetsAreListed() {
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse("""
                scrape_configs:
                  - job_name: web
                    scrape_interval: 30s
                    scrape_timeout: 5s
                    static_configs: [{targets: ['a:80', 'b:80'], labels: {__meta_dc: eu}}]
                    relabel_configs:
                      - {source_labels: [__address__], regex: 'b:80', action: drop}
                      - {source_labels: [__meta_dc], target_label: dc}
                      - {target_label: __scrape_interval__, replacement: 1m}
                """, null);
        try (ScrapeEngine engine = new ScrapeEngine(new QueueAppendable(new InMemoryMessageQueue(), new InMemoryObjectStore()),
                contentType -> null)) {
            TargetsView.Snapshot snapshot = new ScrapeTargetsView(new ScrapeService(config, engine)).targets();

            assertThat(snapshot.active()).singleElement().satisfies(target -> {
                assertThat((Object) target.labels()).isEqualTo(Labels.of("job", "web", "instance", "a:80", "dc", "eu"));
                assertThat(target.discoveredLabels().get("__meta_dc")).isEqualTo("eu");
                assertThat(target.discoveredLabels().get("__scrape_interval__")).isEqualTo("30s");
                assertThat(target.scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
                assertThat(target.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
                assertThat(target.health()).isEqualTo(TargetsView.Health.UNKNOWN);
            });
            assertThat(snapshot.dropped()).singleElement().satisfies(dropped -> {
                assertThat(dropped.scrapePool()).isEqualTo("web");
                assertThat(dropped.discoveredLabels().get("__address__")).isEqualTo("b:80");
            });
        }
    }

    @Test
    void targetMetadataComesFromTheLastScrapeOfEachTarget() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = "# HELP jobs_total Jobs run.\n# TYPE jobs_total counter\njobs_total 3\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        String address = "127.0.0.1:" + server.getAddress().getPort();
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse("""
                scrape_configs:
                  - job_name: batch
                    static_configs: [{targets: ['%s']}]
                  - job_name: idle
                    static_configs: []
                """.formatted(address), null);
        try (ScrapeEngine engine = new ScrapeEngine(new QueueAppendable(new InMemoryMessageQueue(), new InMemoryObjectStore()),
                contentType -> ExpositionFormat.fromContentType(contentType).parser())) {
            ScrapeService service = new ScrapeService(config, engine);
            ScrapeTargetsView view = new ScrapeTargetsView(service);
            assertThat(view.metadataView().targets()).singleElement()
                    .satisfies(target -> assertThat(target.metadata().get()).isEmpty());

            service.scrapeAll(1_700_000_000_000L);

            assertThat(view.metadataView().targets()).singleElement().satisfies(target -> {
                assertThat((Object) target.labels()).isEqualTo(Labels.of("job", "batch", "instance", address));
                assertThat(target.metadata().get()).containsExactly(new MetricMetadata("jobs_total", MetricType.COUNTER, "Jobs run.", ""));
            });
            assertThat(view.targets().scrapePools()).containsExactly("batch", "idle");
        } finally {
            server.stop(0);
        }
    }
}
