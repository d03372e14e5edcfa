package io.promless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Errors in a configuration name where they are: {@code source:line:} and then Prometheus's own
 * message, whether the text came from a file or from an object key.
 */
class ConfigErrorLocationTest {
    private static final ConfigLoader LOADER = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);

    /** Cases: a config whose line {@code line} is wrong, and what the message says after the location. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field       | 4 | field foo not found in type config.ScrapeConfig
            invalid YAML        | 4 | yaml: line 4: mapping values are not allowed
            bad regex           | 6 | error parsing regexp
            empty job name      | 3 | job_name is empty
            ec2 empty filters   | 5 | EC2 SD configuration filter values cannot be empty
            ec2 unknown field   | 6 | field secret not found in type aws.plain
            bad static target   | 5 | "a/b" is not a valid hostname
            bad global          | 2 | global scrape timeout greater than scrape interval
            """)
    void errorsStartWithSourceAndLine(String name, int line, String message) {
        String text = CONFIGS.get(name);

        assertThatThrownBy(() -> LOADER.load("config/prometheus.yml", text, null))
                .isInstanceOfSatisfying(ConfigException.class, error -> {
                    assertThat(error.getMessage())
                            .startsWith("config/prometheus.yml:" + line + ": parsing YAML file config/prometheus.yml: ")
                            .contains(message);
                    assertThat(error.source()).contains("config/prometheus.yml");
                    assertThat(error.line()).hasValue(line);
                });
    }

    private static final java.util.Map<String, String> CONFIGS = java.util.Map.of(
            "unknown field", """
                    scrape_configs:
                      - job_name: a
                        static_configs: [{targets: ['x:1']}]
                        foo: bar
                    """,
            "invalid YAML", """
                    scrape_configs:
                      - job_name: a
                        static_configs: [{targets: ['x:1']}]
                        foo: bar: baz
                    """,
            "bad regex", """
                    scrape_configs:
                      - job_name: a
                        static_configs: [{targets: ['x:1']}]
                        relabel_configs:
                          - source_labels: [__address__]
                            regex: 'a(b'
                            action: keep
                    """,
            "empty job name", """
                    scrape_configs:
                      - job_name: a
                      - static_configs: [{targets: ['x:1']}]
                    """,
            "ec2 empty filters", """
                    scrape_configs:
                      - job_name: a
                        ec2_sd_configs:
                          - region: us-east-1
                          - region: us-east-1
                            filters: [{name: 'tag:a', values: []}]
                    """,
            "ec2 unknown field", """
                    scrape_configs:
                      - job_name: a
                        ec2_sd_configs:
                          - region: us-east-1
                            access_key: a
                            secret: b
                    """,
            "bad static target", """
                    scrape_configs:
                      - job_name: a
                        static_configs:
                          - targets: ['x:1']
                          - targets: ['a/b']
                    """,
            "bad global", """
                    global:
                      scrape_interval: 5s
                      scrape_timeout: 10s
                    """);

    @Test
    void errorsOfAFileNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, "scrape_configs:\n  - job_name: a\n    foo: 1\n");

        assertThatThrownBy(() -> LOADER.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: parsing YAML file " + file + ": yaml: unmarshal errors:\n"
                        + "  line 3: field foo not found in type config.ScrapeConfig");
    }

    @Test
    void errorsOfAScrapeConfigFileNameThatFile(@TempDir Path dir) throws IOException {
        Path included = dir.resolve("jobs.yml");
        Files.writeString(included, "scrape_configs:\n  - job_name: b\n\n    scrape_interval: 1x\n");
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, "scrape_config_files: [jobs.yml]\n");

        assertThatThrownBy(() -> LOADER.load(file))
                .isInstanceOfSatisfying(ConfigException.class, error -> {
                    assertThat(error.source()).contains(included.toString());
                    assertThat(error.getMessage()).startsWith(included + ":2: parsing YAML file " + file + ": ")
                            .contains("not a valid duration string");
                });
    }

    @Test
    void targetFileErrorsCarryTheirLine() {
        assertThatThrownBy(() -> LOADER.parseTargetGroups("- targets: ['a:1']\n- targets: ['b:1']\n  lables: {a: b}\n", false))
                .isInstanceOfSatisfying(ConfigException.class, error -> {
                    assertThat(error.line()).hasValue(3);
                    assertThat(error.withSource("targets/web.yml").getMessage()).isEqualTo("targets/web.yml:3: "
                            + "yaml: unmarshal errors:\n  line 3: field lables not found in type targetgroup.Group");
                });
        assertThatThrownBy(() -> LOADER.parseTargetGroups("[{\"targets\": [\"a:1\"]},\n {\"targets\": ]}]", true))
                .isInstanceOfSatisfying(ConfigException.class, error -> assertThat(error.line()).hasValue(2));
    }

    @Test
    void aLocationIsAddedOnceAndAMorePreciseLineWins() {
        ConfigException error = ConfigException.atLine(7, "boom");

        assertThat(error.orAtLine(3).line()).hasValue(7);
        assertThat(new ConfigException("boom").orAtLine(3).line()).hasValue(3);
        assertThat(error.withSource("a.yml").withSource("b.yml").getMessage()).isEqualTo("a.yml:7: boom");
        assertThat(new ConfigException("boom").withSource("a.yml").getMessage()).isEqualTo("a.yml: boom");
        assertThat(error.withSource("a.yml").detail()).isEqualTo("boom");
    }
}
