package io.promless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.config.yaml.YamlNode;
import io.promless.config.yaml.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every fixture of the upstream config conformance data (../shared/conformance/config),
 * one dynamic test per file, classified by its expectations.json entry. A fixture passes when
 * the outcome matches (loads / fails) and, for failures, every expected substring occurs in our
 * error message ({@code testdata/} in upstream's paths stands for the fixture directory).
 *
 * <p>Scope is decided from each file's content, never its name: a file that uses a section
 * Promless keeps unparsed so far (service discovery, remote read/write, alerting, storage,
 * tracing, OTLP, runtime) is out of scope; discovery sections Promless implements are in scope. Out-of-scope mismatches are counted and printed but
 * do not fail the build; in-scope mismatches do.
 */
class ConfigConformanceTest {
    private static final Path CONFIG_DIR = Path.of(System.getProperty("promless.shared.dir", "../../../shared"))
            .resolve("conformance/config");
    private static final Set<String> UNPARSED_SECTIONS = Set.of("alerting", "remote_write", "remote_read", "storage",
            "tracing", "otlp", "runtime");
    private static final Tally TALLY = new Tally();

    @TestFactory
    Stream<DynamicTest> prometheusConfigFiles() throws IOException {
        Path directory = CONFIG_DIR.resolve("prometheus");
        return fixtures(directory).stream().map(entry -> {
            String file = entry.getKey();
            JsonNode expectation = entry.getValue();
            String mode = expectation.path("mode").asText();
            Path path = directory.resolve(file);
            ConfigLoader loader = new ConfigLoader(name -> null,
                    mode.equals("agent") ? ConfigLoader.Mode.AGENT : ConfigLoader.Mode.SERVER);
            ThrowingSupplier<Object> load = mode.equals("target_group")
                    ? () -> loader.parseTargetGroup(Files.readString(path))
                    : () -> loader.load(path);
            boolean inScope = inScope(path);
            return DynamicTest.dynamicTest((inScope ? "" : "[out of scope] ") + "prometheus/" + file,
                    () -> TALLY.run(file, inScope, () -> {
                        Object loaded = check(expectation, load, directory);
                        if (loaded instanceof PrometheusConfig config) {
                            checkValues(expectation.path("check"), config, path);
                        }
                    }));
        });
    }

    @TestFactory
    Stream<DynamicTest> commonHttpClientFiles() throws IOException {
        Path directory = CONFIG_DIR.resolve("common-http-tls");
        ConfigLoader loader = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);
        return fixtures(directory).stream().map(entry -> {
            String file = entry.getKey();
            JsonNode expectation = entry.getValue();
            Path path = directory.resolve(file);
            ThrowingSupplier<Object> load = expectation.path("loader").asText().startsWith("tls_config")
                    ? () -> loader.loadTlsConfig(path)
                    : () -> loader.loadHttpClientConfig(path);
            return DynamicTest.dynamicTest("common-http-tls/" + file,
                    () -> TALLY.run(file, true, () -> check(expectation, load, directory)));
        });
    }

    @AfterAll
    static void summary() {
        TALLY.print();
    }

    /** Fixtures that are configs to load; data files, included fragments and unclear cases are not. */
    private static List<Map.Entry<String, JsonNode>> fixtures(Path directory) throws IOException {
        JsonNode files = new ObjectMapper().readTree(directory.resolve("expectations.json").toFile()).path("files");
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : files.properties()) {
            String expect = entry.getValue().path("expect").asText();
            String mode = entry.getValue().path("mode").asText();
            if ((expect.equals("ok") || expect.equals("error")) && !mode.equals("included_scrape_config_file")) {
                out.add(entry);
            }
        }
        return out;
    }

    /** In scope unless the file uses a section or service discovery that is kept unparsed. */
    private static boolean inScope(Path path) {
        YamlNode root;
        try {
            root = YamlTree.parse(Files.readString(path));
        } catch (IOException | ConfigException e) {
            return true;
        }
        if (!(root instanceof YamlNode.Mapping mapping)) {
            return true;
        }
        for (YamlNode.Entry entry : mapping.entries()) {
            if (UNPARSED_SECTIONS.contains(entry.key())) {
                return false;
            }
            if (entry.key().equals("scrape_configs") && entry.value() instanceof YamlNode.Sequence jobs) {
                for (YamlNode job : jobs.items()) {
                    if (job instanceof YamlNode.Mapping fields
                            && fields.entries().stream().anyMatch(field -> field.key().endsWith("_sd_configs")
                                    && !ConfigLoader.implementsDiscovery(field.key()))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Loads and checks the outcome; returns what loaded (null for an expected failure). */
    private static Object check(JsonNode expectation, ThrowingSupplier<Object> load, Path directory) throws Throwable {
        if (expectation.path("expect").asText().equals("ok")) {
            return load.get();
        }
        List<String> substrings = new ArrayList<>();
        expectation.path("error_contains")
                .forEach(node -> substrings.add(node.asText().replace("testdata/", directory + "/")));
        assertThatThrownBy(load::get)
                .isInstanceOf(ConfigException.class)
                .satisfies(error -> substrings.forEach(part -> assertThat(error.getMessage()).contains(part)));
        return null;
    }

    /**
     * The values expectations.json records for a loaded file. Every key must be understood:
     * a value we do not load (e.g. storage settings) counts as a mismatch.
     */
    private static void checkValues(JsonNode checks, PrometheusConfig config, Path path) {
        for (Map.Entry<String, JsonNode> check : checks.properties()) {
            String key = check.getKey();
            JsonNode expected = check.getValue();
            ScrapeConfig first = config.scrapeConfigs().isEmpty() ? null : config.scrapeConfigs().get(0);
            switch (key) {
                case "scrape_configs" -> {
                    assertThat(config.scrapeConfigs()).as(key).hasSize(1);
                    if (expected.asText().contains("job_name prometheus, scrape_interval 1m, scrape_timeout 10s")) {
                        assertThat(first.jobName()).isEqualTo("prometheus");
                        assertThat(first.scrapeInterval()).isEqualTo(java.time.Duration.ofMinutes(1));
                        assertThat(first.scrapeTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
                    }
                }
                case "every scrape config" -> config.scrapeConfigs().forEach(
                        job -> assertThat(job.scrapeInterval()).isGreaterThanOrEqualTo(job.scrapeTimeout()));
                case "scrape_native_histograms" -> assertThat(first.options().scrapeNativeHistograms()).as(key).isEqualTo(expected.asBoolean());
                case "always_scrape_classic_histograms" -> assertThat(first.options().alwaysScrapeClassicHistograms()).as(key).isEqualTo(expected.asBoolean());
                case "convert_classic_histograms_to_nhcb" -> assertThat(first.options().convertClassicHistogramsToNhcb()).as(key).isEqualTo(expected.asBoolean());
                case "extra_scrape_metrics" -> assertThat(first.options().extraScrapeMetrics()).as(key).isEqualTo(expected.asBoolean());
                case "scrape_protocols" -> {
                    String text = expected.asText();
                    List<String> protocols = List.of(text.substring(text.indexOf('[') + 1, text.indexOf(']')).split(",\\s*"));
                    assertThat(first.scrapeProtocols()).as(key).isEqualTo(protocols);
                }
                case "scrape_configs[0].metric_name_validation_scheme" ->
                        assertThat(first.options().metricNameValidationScheme()).as(key).isEqualTo(expected.asText());
                case "scrape_configs[0].metric_name_escaping_scheme" ->
                        assertThat(first.options().metricNameEscapingScheme()).as(key).isEqualTo(expected.asText());
                case "resolved job names in order" -> {
                    List<String> names = new ArrayList<>();
                    expected.forEach(name -> names.add(name.asText().replaceAll(" \\(from .*\\)$", "")));
                    assertThat(config.scrapeConfigs()).extracting(ScrapeConfig::jobName).as(key).isEqualTo(names);
                }
                case "global.external_labels (env TEST unset)", "global.external_labels (env TEST=TestValue)" -> {
                    Map<String, String> environment = key.contains("TestValue") ? Map.of("TEST", "TestValue") : Map.of();
                    PrometheusConfig withEnvironment = new ConfigLoader(environment::get, ConfigLoader.Mode.SERVER).load(path);
                    expected.properties().forEach(label -> assertThat(
                            withEnvironment.global().externalLabels().get(label.getKey())).as(label.getKey()).isEqualTo(label.getValue().asText()));
                }
                case "storage.tsdb.chunk_encoding.floats" ->
                        assertThat(TsdbSettings.of(config).floatChunkEncoding()).as(key).contains(expected.asText());
                case "storage.tsdb.retention.percentage" ->
                        assertThat(TsdbSettings.of(config).retentionPercentage()).as(key).contains(expected.asDouble());
                default -> throw new AssertionError("expected value not checked (not loaded by Promless): " + key + " = " + expected);
            }
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Throwable;
    }

    /** Counts outcomes across both factories; rethrows only in-scope mismatches. */
    private static final class Tally {
        private int passed;
        private int total;
        private int inScopePassed;
        private int inScopeTotal;
        private final List<String> failures = new ArrayList<>();

        synchronized void run(String file, boolean inScope, Executable body) throws Throwable {
            total++;
            inScopeTotal += inScope ? 1 : 0;
            try {
                body.execute();
                passed++;
                inScopePassed += inScope ? 1 : 0;
            } catch (Throwable t) {
                failures.add(file + (inScope ? "" : " (out of scope)") + ": " + t.getMessage().strip().lines().findFirst().orElse(""));
                if (inScope) {
                    throw t;
                }
                System.out.println("config fixture " + file + " (out of scope) does not match: "
                        + t.getMessage().strip().replace('\n', ' '));
            }
        }

        synchronized void print() {
            System.out.printf("Config conformance: %d/%d fixtures pass (%.1f %%); in scope %d/%d (%.1f %%)%n",
                    passed, total, percent(passed, total), inScopePassed, inScopeTotal, percent(inScopePassed, inScopeTotal));
        }

        private static double percent(int part, int whole) {
            return whole == 0 ? 0.0 : 100.0 * part / whole;
        }
    }
}
