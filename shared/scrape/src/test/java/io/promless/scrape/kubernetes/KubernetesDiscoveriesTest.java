package io.promless.scrape.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.scrape.DiscoveryFactory;
import io.promless.scrape.TargetDiscovery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KubernetesDiscoveriesTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", textBlock = """
            null, 30s
            '',   30s
            1m,   1m
            15s,  15s
            0s,   30s
            soon, 30s
            """)
    void refreshIntervalComesFromTheEnvironment(String value, String expected) {
        Map<String, String> environment = value == null ? Map.of() : Map.of(KubernetesDiscoveries.REFRESH_INTERVAL_VARIABLE, value);
        assertThat(KubernetesDiscoveries.refreshInterval(environment::get))
                .isEqualTo(io.promless.config.PrometheusDuration.parse(expected));
    }

    @Test
    void theStandardFactoryBuildsKubernetesAndFileDiscoveries() {
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse("""
                scrape_configs:
                  - job_name: mixed
                    file_sd_configs: [{files: [targets.yml]}]
                    kubernetes_sd_configs: [{role: node, api_server: "http://127.0.0.1:1"}]
                """, null);
        List<TargetDiscovery> discoveries = DiscoveryFactory.createAll(DiscoveryFactory.standard(), config.scrapeConfigs().get(0));
        assertThat(discoveries).extracting(TargetDiscovery::sectionName).containsExactly("file_sd_configs", "kubernetes_sd_configs");
        assertThat(discoveries.get(1)).isInstanceOf(KubernetesDiscovery.class);
        assertThat(KubernetesDiscoveries.factory(InCluster.standard(), Duration.ofSeconds(5))
                .create(config.scrapeConfigs().get(0), config.scrapeConfigs().get(0).discoveryConfigs().get(0))).isEmpty();
    }
}
