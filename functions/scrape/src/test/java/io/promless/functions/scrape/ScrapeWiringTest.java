package io.promless.functions.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.aws.discovery.Ec2Discovery;
import io.promless.config.ConfigException;
import io.promless.config.PrometheusConfig;
import io.promless.config.ScrapeConfig;
import io.promless.ports.ObjectStore;
import io.promless.scrape.DiscoveryFactory;
import io.promless.scrape.TargetDiscovery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The scrape function's configuration and discovery wiring, over an in-memory bucket. */
class ScrapeWiringTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final Map<String, String> ENVIRONMENT = Map.of(ScrapeWiring.CONFIG_KEY_VARIABLE, "config/prometheus.yml");

    /** A bucket in memory. */
    private static final class Bucket implements ObjectStore {
        private final TreeMap<String, byte[]> objects = new TreeMap<>();

        @Override
        public void put(String key, byte[] data) {
            objects.put(key, data.clone());
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }

        @Override
        public List<String> list(String prefix) {
            return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
        }

        void write(String key, String text) {
            put(key, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anInvalidConfigInTheBucketNamesItsKeyAndLine() {
        Bucket bucket = new Bucket();
        bucket.write("config/prometheus.yml", """
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: ['a:1']}]
                    scrape_intervall: 15s
                """);

        assertThatThrownBy(() -> ScrapeWiring.loadConfig(bucket, ENVIRONMENT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config/prometheus.yml:4: parsing YAML file config/prometheus.yml: yaml: unmarshal errors:\n"
                        + "  line 4: field scrape_intervall not found in type config.ScrapeConfig");
    }

    @Test
    void fileDiscoveryReadsTargetFilesBesideTheConfigAndEc2JoinsTheStandardMechanisms() {
        Bucket bucket = new Bucket();
        bucket.write("config/prometheus.yml", """
                scrape_configs:
                  - job_name: node
                    file_sd_configs: [{files: ['targets/*.json']}]
                    ec2_sd_configs: [{region: eu-west-1, port: 9100}]
                """);
        bucket.write("config/targets/a.json", "[{\"targets\": [\"a:9100\"]}]");
        bucket.write("config/secret.json", "[{\"targets\": [\"secret:9100\"]}]");
        PrometheusConfig config = ScrapeWiring.loadConfig(bucket, ENVIRONMENT);
        ScrapeConfig job = config.scrapeConfigs().get(0);

        List<TargetDiscovery> discoveries = DiscoveryFactory.createAll(
                ScrapeWiring.discoveries(bucket, "config/prometheus.yml", "config/targets/"), job);

        assertThat(discoveries).hasSize(2);
        assertThat(discoveries.get(0).groups(NOW)).singleElement()
                .satisfies(group -> assertThat(group.targets()).containsExactly("a:9100"));
        assertThat(discoveries.get(1)).isInstanceOf(Ec2Discovery.class);
    }
}
