package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.config.ConfigException;
import io.promless.config.ConfigLoader;
import io.promless.config.FileSdConfig;
import io.promless.config.PrometheusConfig;
import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** file_sd_configs against real files in a temporary directory. */
class FileDiscoveryTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final ConfigLoader LOADER = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);

    @TempDir
    Path dir;

    private FileDiscovery discovery(Duration refresh, String... files) {
        return new FileDiscovery(new FileSdConfig(List.of(files), refresh), LOADER);
    }

    @Test
    void readsYamlAndJsonFilesMatchedByGlobsAndNames() throws IOException {
        Path yaml = write("targets/web.yml", """
                - targets: ['web-1:80', 'web-2:80']
                  labels: {env: prod}
                - targets: ['web-3:80']
                """);
        Path json = write("targets/db.json", """
                [{"targets": ["db-1:5432"], "labels": {"env": "test", "role": "db"}}]
                """);
        Path single = write("other/cache.yaml", "- targets: ['cache:6379']\n");
        write("targets/ignored.txt", "not a target file");

        List<StaticConfig> groups = discovery(Duration.ofMinutes(5), dir + "/targets/*.json", dir + "/targets/*.yml",
                single.toString()).groups(NOW);

        assertThat(groups).containsExactly(
                new StaticConfig(List.of("db-1:5432"), Labels.of("env", "test", "role", "db", "__meta_filepath", json.toString())),
                new StaticConfig(List.of("web-1:80", "web-2:80"), Labels.of("env", "prod", "__meta_filepath", yaml.toString())),
                new StaticConfig(List.of("web-3:80"), Labels.of("__meta_filepath", yaml.toString())),
                new StaticConfig(List.of("cache:6379"), Labels.of("__meta_filepath", single.toString())));
    }

    @Test
    void filesAreReReadOncePerRefreshInterval() throws IOException {
        write("a.yml", "- targets: ['one:1']\n");
        FileDiscovery discovery = discovery(Duration.ofSeconds(30), dir + "/*.yml");
        assertThat(addresses(discovery.groups(NOW))).containsExactly("one:1");

        write("a.yml", "- targets: ['two:2']\n");
        write("b.yml", "- targets: ['three:3']\n");
        assertThat(addresses(discovery.groups(NOW + 29_999))).containsExactly("one:1");
        assertThat(addresses(discovery.groups(NOW + 30_000))).containsExactly("two:2", "three:3");

        Files.delete(dir.resolve("a.yml"));
        assertThat(addresses(discovery.groups(NOW + 60_000))).containsExactly("three:3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "a.yml|- targets: ['x:1'",
            "a.yml|- targets: ['x:1']\\n  unknown: 1",
            "a.yml|targets: ['x:1']",
            "a.yml|- targets: ['x:1']\\n  labels: [a, b]",
            "a.json|[{\"targets\": [\"x:1\"]}",
    })
    void aFileThatFailsToParseKeepsItsLastGoodGroups(String name, String broken) throws IOException {
        write(name, name.endsWith(".json") ? "[{\"targets\": [\"good:1\"]}]" : "- targets: ['good:1']\n");
        write("new.yml", "- targets: ['other:1']\n");
        FileDiscovery discovery = discovery(Duration.ofSeconds(10), dir + "/*.json", dir + "/*.yml");
        assertThat(addresses(discovery.groups(NOW))).contains("good:1", "other:1");

        write(name, broken.replace("\\n", "\n"));
        write("fresh.yml", broken.replace("\\n", "\n"));
        List<StaticConfig> groups = discovery.groups(NOW + 10_000);

        assertThat(addresses(groups)).containsExactlyInAnyOrder("good:1", "other:1");
        assertThat(discovery.failures()).isEqualTo(2);
    }

    @Test
    void anEmptyFileHasNoTargets() throws IOException {
        write("empty.yml", "");
        assertThat(discovery(Duration.ofMinutes(1), dir + "/empty.yml").groups(NOW)).isEmpty();
    }

    @Test
    void scrapeServiceScrapesDiscoveredTargetsAndMarksVanishedOnesStale() throws IOException {
        TestTargets server = new TestTargets().route("/metrics", TestTargets.Route.ok("requests 5\n"));
        RecordingAppendable sink = new RecordingAppendable();
        try (server; ScrapeEngine engine = new ScrapeEngine(sink, contentType -> new LineParser())) {
            write("sd/app.json", "[{\"targets\": [\"" + server.address() + "\"], \"labels\": {\"team\": \"a\"}}]");
            write("sd/skip.yml", "- targets: ['unreachable.invalid:1']\n");
            Path configFile = write("prometheus.yml", """
                    scrape_configs:
                      - job_name: files
                        file_sd_configs:
                          - files: ['sd/*.json', 'sd/*.yml']
                            refresh_interval: 1m
                        relabel_configs:
                          - {source_labels: [__meta_filepath], regex: '.*/skip\\.yml', action: drop}
                          - {source_labels: [__meta_filepath], regex: '.*/([^/]+)\\.json', target_label: source}
                    """);
            PrometheusConfig config = LOADER.load(configFile);
            assertThat(config.scrapeConfigs().get(0).fileSdConfigs()).containsExactly(new FileSdConfig(
                    List.of(dir.resolve("sd/*.json").toString(), dir.resolve("sd/*.yml").toString()), Duration.ofMinutes(1)));
            ScrapeService service = new ScrapeService(config, engine);

            assertThat(service.targets()).singleElement().satisfies(target -> {
                assertThat((Object) target.labels()).isEqualTo(
                        Labels.of("job", "files", "instance", server.address(), "team", "a", "source", "app"));
                assertThat(target.discoveredLabels().get("__meta_filepath")).isEqualTo(dir.resolve("sd/app.json").toString());
            });
            assertThat(service.droppedTargets()).extracting(dropped -> dropped.discoveredLabels().get("__address__"))
                    .containsExactly("unreachable.invalid:1");
            assertThat(service.scrapeAll(NOW)).singleElement().satisfies(result -> assertThat(result.up()).isTrue());
            assertThat(sink.last("requests")).contains(5.0);

            Files.writeString(dir.resolve("sd/app.json"), "[]");
            assertThat(service.scrapeAll(NOW + 30_000)).hasSize(1);
            List<ScrapeResult> afterRefresh = service.scrapeAll(NOW + 60_000);

            assertThat(afterRefresh).isEmpty();
            assertThat(service.targets()).isEmpty();
            assertThat(sink.named("requests")).last().satisfies(sample -> {
                assertThat(sample.isStale()).isTrue();
                assertThat(sample.timestamp()).isEqualTo(NOW + 60_000);
            });
            assertThat(sink.named("up")).last().satisfies(sample -> assertThat(sample.isStale()).isTrue());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{files: []}|file service discovery config must contain at least one path name",
            "{files: ['targets.txt']}|path name \"targets.txt\" is not valid for file discovery",
            "{files: ['a/*/b.yml']}|path name \"a/*/b.yml\" is not valid for file discovery",
            "{files: ['a.yml'], refresh: 1m}|field refresh not found in type file.SDConfig",
            "{files: ['a.yml'], refresh_interval: soon}|not a valid duration string",
    })
    void badFileSdConfigsAreRejectedAsPrometheusRejectsThem(String section, String message) {
        String yaml = "scrape_configs:\n  - job_name: j\n    file_sd_configs: [" + section + "]\n";
        assertThatThrownBy(() -> LOADER.parse(yaml, dir)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void refreshIntervalDefaultsToFiveMinutes() {
        PrometheusConfig config = LOADER.parse("scrape_configs:\n  - job_name: j\n    file_sd_configs: [{files: [t.json]}]\n", dir);
        assertThat(config.scrapeConfigs().get(0).fileSdConfigs()).containsExactly(
                new FileSdConfig(List.of(dir.resolve("t.json").toString()), Duration.ofMinutes(5)));
    }

    private static List<String> addresses(List<StaticConfig> groups) {
        return groups.stream().flatMap(group -> group.targets().stream()).toList();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
