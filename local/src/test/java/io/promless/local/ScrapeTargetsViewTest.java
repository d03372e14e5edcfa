package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.api.TargetsView;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.local.memory.InMemoryMessageQueue;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.Labels;
import io.promless.remote.QueueAppendable;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeService;
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
}
