package io.promless.aws.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.aws.S3ObjectStore;
import io.promless.config.ConfigLoader;
import io.promless.config.FileSdConfig;
import io.promless.config.PrometheusConfig;
import io.promless.config.StaticConfig;
import io.promless.scrape.FileDiscovery;
import io.promless.scrape.ObjectStoreTargetFiles;
import io.promless.scrape.TargetDiscovery;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsResources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/** file_sd_configs whose target files live in the bucket beside prometheus.yml, on moto's S3. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileDiscoveryOnS3Test {
    private static final long NOW = 1_700_000_000_000L;
    private static final Path PACKAGE_ROOT = Path.of(".");

    private S3Client s3;
    private String bucket;

    @BeforeAll
    void createBucket() {
        s3 = AwsEmulator.endpoint().s3();
        bucket = new AwsResources(AwsEmulator.endpoint()).createBucket();
    }

    @AfterAll
    void close() {
        s3.close();
    }

    @Test
    void targetFilesBesideTheConfigAreFollowedAtTheRefreshInterval() {
        S3ObjectStore store = new S3ObjectStore(s3, bucket, AwsResources.uniqueName("stack") + "/");
        put(store, "config/targets/web.yml", "- targets: ['web-1:9100']\n  labels: {team: a}\n");
        put(store, "config/targets/db.json", "[{\"targets\": [\"db-1:9100\"]}]");
        put(store, "config/single.yml", "- targets: ['single:9100']\n");
        String yaml = """
                scrape_configs:
                  - job_name: node
                    file_sd_configs:
                      - files: ['targets/*.yml', 'targets/*.json', 'single.yml']
                        refresh_interval: 30s
                """;
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER)
                .load("config/prometheus.yml", yaml, PACKAGE_ROOT);
        TargetDiscovery discovery = FileDiscovery.factory(new ObjectStoreTargetFiles(store, PACKAGE_ROOT,
                "config/prometheus.yml", "config/")).create(config.scrapeConfigs().get(0),
                config.scrapeConfigs().get(0).discoveryConfigs().get(0)).orElseThrow();

        List<StaticConfig> first = discovery.groups(NOW);
        assertThat(addresses(first)).containsExactly("web-1:9100", "db-1:9100", "single:9100");
        assertThat(first.get(0).labels().get("__meta_filepath")).isEqualTo("config/targets/web.yml");
        assertThat(first.get(0).labels().get("team")).isEqualTo("a");

        put(store, "config/targets/web.yml", "- targets: ['web-1:9100', 'web-2:9100']\n");
        put(store, "config/targets/new.json", "[{\"targets\": [\"new-1:9100\"]}]");
        store.delete("config/targets/db.json");
        assertThat(addresses(discovery.groups(NOW + 29_000))).as("before refresh_interval")
                .containsExactly("web-1:9100", "db-1:9100", "single:9100");
        assertThat(addresses(discovery.groups(NOW + 30_000)))
                .containsExactly("web-1:9100", "web-2:9100", "new-1:9100", "single:9100");

        put(store, "config/targets/new.json", "[{\"targets\": [\"new-1:9100\"]},");
        assertThat(addresses(discovery.groups(NOW + 60_000))).as("a corrupt file keeps its last good groups")
                .containsExactly("web-1:9100", "web-2:9100", "new-1:9100", "single:9100");
        assertThat(discovery.failures()).isEqualTo(1);
        assertThat(((FileSdConfig) config.scrapeConfigs().get(0).discoveryConfigs().get(0)).refreshInterval().toSeconds())
                .isEqualTo(30);
    }

    private static void put(S3ObjectStore store, String key, String text) {
        store.put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> addresses(List<StaticConfig> groups) {
        return groups.stream().flatMap(group -> group.targets().stream()).toList();
    }
}
