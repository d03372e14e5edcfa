package io.promless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.labels.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("REGION", "eu-1")::get, ConfigLoader.Mode.SERVER);

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("0", Duration.ZERO),
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("15s", Duration.ofSeconds(15)),
                Arguments.of("1m30s", Duration.ofSeconds(90)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("1d", Duration.ofDays(1)),
                Arguments.of("1w", Duration.ofDays(7)),
                Arguments.of("1y", Duration.ofDays(365)),
                Arguments.of("1h30m10s250ms", Duration.ofMillis(5_410_250)),
                Arguments.of("2w3d", Duration.ofDays(17)),
                Arguments.of("01m", Duration.ofMinutes(1)),
                Arguments.of("1h0m", Duration.ofHours(1)));
    }

    @ParameterizedTest
    @MethodSource("durations")
    void parsesDurations(String text, Duration expected) {
        assertThat(PrometheusDuration.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("durations")
    void formatsDurationsBackToAnEquivalentSpelling(String text, Duration expected) {
        assertThat(PrometheusDuration.parse(PrometheusDuration.format(expected))).isEqualTo(expected);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1", "-1h", "1.5h", "1s1m", "1m1m", "1x", "h", "1 m", "ms", "1hh"})
    void rejectsInvalidDurations(String text) {
        assertThatThrownBy(() -> PrometheusDuration.parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("not a valid duration string: \"" + text + "\"");
    }

    @Test
    void rejectsTheEmptyDuration() {
        assertThatThrownBy(() -> PrometheusDuration.parse("")).hasMessage("empty duration string");
    }

    @Test
    void emptyFileGivesDefaults() {
        PrometheusConfig config = loader.parse("", null);
        assertThat(config.global()).isEqualTo(GlobalConfig.DEFAULT);
        assertThat(config.global().scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.scrapeConfigs()).isEmpty();
    }

    @Test
    void scrapeConfigDefaultsAndGlobalInheritance() {
        PrometheusConfig config = loader.parse("""
                global:
                  scrape_interval: 15s
                  external_labels: {region: '${REGION}', cost: '$$5', unset: 'a${NOPE}b'}
                  sample_limit: 100
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ['localhost:9100']
                        labels: {env: prod}
                  - job_name: fast
                    scrape_interval: 5s
                    scrape_timeout: 2s
                    metrics_path: /probe
                    scheme: https
                    honor_labels: true
                    honor_timestamps: false
                    sample_limit: 7
                    params: {module: [a, b]}
                    tls_config: {insecure_skip_verify: true}
                """, null);

        ScrapeConfig node = config.scrapeConfig("node").orElseThrow();
        assertThat(node.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(node.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(node.metricsPath()).isEqualTo("/metrics");
        assertThat(node.scheme()).isEqualTo("http");
        assertThat(node.honorLabels()).isFalse();
        assertThat(node.honorTimestamps()).isTrue();
        assertThat(node.limits().sampleLimit()).isEqualTo(100);
        assertThat(node.scrapeProtocols()).isEqualTo(ScrapeProtocol.DEFAULTS);
        assertThat(node.staticConfigs()).containsExactly(new StaticConfig(List.of("localhost:9100"), Labels.of("env", "prod")));

        ScrapeConfig fast = config.scrapeConfig("fast").orElseThrow();
        assertThat(fast.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fast.scrapeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fast.metricsPath()).isEqualTo("/probe");
        assertThat(fast.scheme()).isEqualTo("https");
        assertThat(fast.honorLabels()).isTrue();
        assertThat(fast.honorTimestamps()).isFalse();
        assertThat(fast.limits().sampleLimit()).isEqualTo(7);
        assertThat(fast.params()).containsEntry("module", List.of("a", "b"));
        assertThat(fast.httpClient().tls().insecureSkipVerify()).isTrue();

        assertThat(config.global().externalLabels().toString())
                .isEqualTo(Labels.of("region", "eu-1", "cost", "$5", "unset", "ab").toString());
    }

    @Test
    void globalTimeoutIsCappedByASmallerJobInterval() {
        PrometheusConfig config = loader.parse("""
                global: {scrape_interval: 15s, scrape_timeout: 15s}
                scrape_configs:
                  - job_name: quick
                    scrape_interval: 5s
                """, null);
        assertThat(config.scrapeConfigs().get(0).scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void authSettingsLoad() {
        PrometheusConfig config = loader.parse("""
                scrape_configs:
                  - job_name: basic
                    basic_auth: {username: u, password: p}
                  - job_name: legacy
                    bearer_token: t
                  - job_name: file
                    authorization: {credentials_file: token.txt}
                """, java.nio.file.Path.of("/etc/prometheus"));
        HttpClientConfig basic = config.scrapeConfigs().get(0).httpClient();
        assertThat(basic.basicAuth()).hasValueSatisfying(auth -> {
            assertThat(auth.username()).isEqualTo("u");
            assertThat(auth.password()).hasValue(new Secret("p"));
        });
        assertThat(config.scrapeConfigs().get(1).httpClient().authorization())
                .hasValue(new Authorization("Bearer", java.util.Optional.of(new Secret("t")), java.util.Optional.empty()));
        assertThat(config.scrapeConfigs().get(2).httpClient().authorization()).hasValueSatisfying(auth -> {
            assertThat(auth.type()).isEqualTo("Bearer");
            assertThat(auth.credentialsFile()).hasValue("/etc/prometheus/token.txt");
        });
        assertThat(new Secret("p").toString()).isEqualTo("<secret>");
    }

    @Test
    void acceptsUtf8LabelNamesAsPrometheus3Does() {
        PrometheusConfig config = loader.parse("global:\n  external_labels:\n    0bad-name.ü: x\n", null);
        assertThat(config.global().externalLabels().get("0bad-name.ü")).isEqualTo("x");
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of("scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n",
                        "scrape timeout greater than scrape interval for scrape config with job name \"a\""),
                Arguments.of("scrape_configs:\n  - job_name: a\n  - job_name: a\n",
                        "found multiple scrape configs with job name \"a\""),
                Arguments.of("scrape_configs:\n  - job_name: ''\n", "job_name is empty"),
                Arguments.of("scrape_configs:\n  - job_name: a\n    scrap_interval: 5s\n",
                        "line 3: field scrap_interval not found in type config.ScrapeConfig"),
                Arguments.of("global:\n  scrape_interval: 5 minutes\n", "not a valid duration string: \"5 minutes\""),
                Arguments.of("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['http://x:1']\n",
                        "\"http://x:1\" is not a valid hostname"),
                Arguments.of("scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n", "into bool"),
                Arguments.of("scrape_configs:\n  - job_name: a\n    bearer_token: x\n    bearer_token_file: y\n",
                        "at most one of bearer_token & bearer_token_file must be configured"),
                Arguments.of("scrape_configs:\n  - job_name: a\n    basic_auth: {username: u}\n    authorization: {credentials: c}\n",
                        "at most one of basic_auth, oauth2 & authorization must be configured"),
                Arguments.of("scrape_configs:\n  - job_name: a\n    basic_auth: {user: x}\n",
                        "line 3: field user not found in type config.plain"),
                Arguments.of("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a:1]\n        foo: 1\n",
                        "line 5: field foo not found in type struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }"),
                Arguments.of("scrape_configs:\n  - job_name: a\n    tls_config: {insecure: true}\n",
                        "line 3: field insecure not found in type config.plain"),
                Arguments.of("scrape_configs: [\n", "yaml: line"),
                Arguments.of("global:\n  external_labels:\n    !!binary /w==: x\n", "\"\\xff\" is not a valid label name"));
    }

    @ParameterizedTest
    @MethodSource("invalidConfigs")
    void rejectsInvalidConfigs(String yaml, String message) {
        assertThatThrownBy(() -> loader.parse(yaml, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
