package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.FileSdConfig;
import io.promless.config.StaticConfig;
import io.promless.ports.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Target files from the bucket beside prometheus.yml, and falling back to the packaged files. */
class TargetFileSourceTest {
    private static final Path BASE = Path.of("/var/task");
    private static final long NOW = 1_700_000_000_000L;

    /** Keys in memory, counting requests, as the S3 adapter would be asked. */
    static final class MemoryStore implements ObjectStore {
        final TreeMap<String, byte[]> objects = new TreeMap<>();
        final List<String> requests = new ArrayList<>();

        @Override
        public synchronized void put(String key, byte[] data) {
            objects.put(key, data.clone());
        }

        @Override
        public synchronized Optional<byte[]> get(String key) {
            requests.add("get " + key);
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public synchronized void delete(String key) {
            objects.remove(key);
        }

        @Override
        public synchronized List<String> list(String prefix) {
            requests.add("list " + prefix);
            return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
        }

        void write(String key, String text) {
            put(key, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", textBlock = """
            /var/task/targets/web.json,    conf/targets/web.json
            /var/task/./a/../web.yml,      conf/web.yml
            /var/task/web.yml,             conf/web.yml
            /etc/targets/web.json,         none
            /var/task/../etc/web.json,     none
            """)
    void namesUnderTheBaseMapToKeysBesideTheConfig(String name, String key) {
        var files = new ObjectStoreTargetFiles(new MemoryStore(), BASE, "conf/prometheus.yml", "");

        assertThat(files.key(name)).isEqualTo(Optional.ofNullable(key));
    }

    @Test
    void globsListTheirDirectoryAndMatchTheLastElementOnly() {
        MemoryStore store = new MemoryStore();
        store.write("conf/targets/a.json", "[]");
        store.write("conf/targets/b.json", "[]");
        store.write("conf/targets/b.yml", "[]");
        store.write("conf/targets/sub/c.json", "[]");
        store.write("conf/other.json", "[]");
        var files = new ObjectStoreTargetFiles(store, BASE, "conf/prometheus.yml", "");

        assertThat(files.list("/var/task/targets/*.json")).containsExactly("conf/targets/a.json", "conf/targets/b.json");
        assertThat(files.list("/var/task/targets/b.yml")).containsExactly("conf/targets/b.yml");
        assertThat(files.list("/var/task/targets/missing.yml")).isEmpty();
        assertThat(files.read("conf/targets/a.json")).contains("[]");
        assertThat(files.read("conf/targets/gone.json")).isEmpty();
    }

    @Test
    void keysOutsideTheReadableScopeCostNoRequest() {
        MemoryStore store = new MemoryStore();
        store.write("conf/secret.json", "[]");
        store.write("conf/targets/a.json", "[]");
        var files = new ObjectStoreTargetFiles(store, BASE, "conf/prometheus.yml", "conf/targets/");

        assertThat(files.list("/var/task/secret.json")).isEmpty();
        assertThat(files.list("/etc/x.json")).isEmpty();
        assertThat(files.read("conf/secret.json")).isEmpty();
        assertThat(store.requests).isEmpty();
        assertThat(files.list("/var/task/targets/*.json")).containsExactly("conf/targets/a.json");
        // A glob over the config's directory still only yields keys in scope.
        assertThat(files.list("/var/task/*.json")).isEmpty();
    }

    @Test
    void theBucketComesFirstAndPackagedFilesFillIn(@TempDir Path packageRoot) throws IOException {
        Files.createDirectories(packageRoot.resolve("targets"));
        Files.writeString(packageRoot.resolve("targets/packaged.yml"), "- targets: ['packaged:80']\n");
        MemoryStore store = new MemoryStore();
        store.write("conf/targets/web.yml", "- targets: ['web:80']\n");
        TargetFileSource files = new ObjectStoreTargetFiles(store, packageRoot, "conf/prometheus.yml", "conf/")
                .orElse(LocalTargetFiles.INSTANCE);
        String packaged = packageRoot.resolve("targets/packaged.yml").toString();

        assertThat(files.list(packageRoot.resolve("targets/web.yml").toString())).containsExactly("conf/targets/web.yml");
        assertThat(files.list(packaged)).containsExactly(packaged);
        store.requests.clear();
        assertThat(files.read(packaged)).contains("- targets: ['packaged:80']\n");
        assertThat(store.requests).as("a packaged file is read locally").isEmpty();
    }

    @Test
    void fileDiscoveryOverTheBucketFollowsChangesAtTheRefreshInterval() {
        MemoryStore store = new MemoryStore();
        store.write("conf/targets/web.yml", "- targets: ['web-1:80']\n");
        store.write("conf/targets/db.json", "[{\"targets\": [\"db-1:5432\"]}]");
        var discovery = new FileDiscovery(new FileSdConfig(List.of("/var/task/targets/*.yml", "/var/task/targets/*.json"),
                Duration.ofMinutes(1)), new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER),
                new ObjectStoreTargetFiles(store, BASE, "conf/prometheus.yml", ""));

        assertThat(addresses(discovery.groups(NOW))).containsExactly("web-1:80", "db-1:5432");
        assertThat(discovery.groups(NOW).get(0).labels().get("__meta_filepath")).isEqualTo("conf/targets/web.yml");

        store.write("conf/targets/web.yml", "- targets: ['web-1:80', 'web-2:80']\n");
        store.delete("conf/targets/db.json");
        assertThat(addresses(discovery.groups(NOW + 59_999))).as("not yet due").containsExactly("web-1:80", "db-1:5432");
        assertThat(addresses(discovery.groups(NOW + 60_000))).containsExactly("web-1:80", "web-2:80");

        store.write("conf/targets/web.yml", "- targets: ['web-1:80'\n");
        assertThat(addresses(discovery.groups(NOW + 120_000))).as("a corrupt file keeps its last good groups")
                .containsExactly("web-1:80", "web-2:80");
        assertThat(discovery.failures()).isEqualTo(1);
        assertThat(discovery.lastError()).startsWith("conf/targets/web.yml:2: yaml: line 2: ");

        store.write("conf/targets/web.yml", "- targets: ['web-1:80']\n  labells: {a: b}\n");
        discovery.groups(NOW + 180_000);
        assertThat(discovery.lastError()).isEqualTo("conf/targets/web.yml:2: yaml: unmarshal errors:\n"
                + "  line 2: field labells not found in type targetgroup.Group");
        store.write("conf/targets/web.yml", "- targets: ['web-3:80']\n");
        assertThat(addresses(discovery.groups(NOW + 240_000))).containsExactly("web-3:80");
        assertThat(discovery.lastError()).isEmpty();
    }

    private static List<String> addresses(List<StaticConfig> groups) {
        return groups.stream().flatMap(group -> group.targets().stream()).toList();
    }
}
