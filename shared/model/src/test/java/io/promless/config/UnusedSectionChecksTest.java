package io.promless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks on sections Promless reads only to reject what Prometheus rejects: discovery mechanisms
 * it does not run, storage.tsdb, tracing and otlp. Cases beyond the upstream fixtures.
 */
class UnusedSectionChecksTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get, ConfigLoader.Mode.SERVER);

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(job("hetzner_sd_configs", "- {}"), "role missing (one of: robot, hcloud)"),
                Arguments.of(job("scaleway_sd_configs", "- {role: instance, secret_key: x}"), "project_id is mandatory"),
                Arguments.of(job("openstack_sd_configs", "- {region: r}"), "role missing (one of: instance, hypervisor, loadbalancer)"),
                Arguments.of(job("ovhcloud_sd_configs", "- {application_key: a, application_secret: b, consumer_key: c, service: vps}"),
                        "endpoint can not be empty"),
                Arguments.of(job("eureka_sd_configs", "- {server: 'http://'}"), "eureka_sd: invalid eureka server URL"),
                Arguments.of(job("azure_sd_configs", "- {subscription_id: s, authentication_method: OAuth, tenant_id: t, client_id: c}"),
                        "azure SD configuration requires a client_secret"),
                Arguments.of(job("marathon_sd_configs", "- {servers: ['http://m'], auth_token_file: f, authorization: {credentials: x}}"),
                        "marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured"),
                Arguments.of("storage: {tsdb: {retention: {size: 1XB}}}\n", "units: unknown unit XB in 1XB"),
                Arguments.of("storage: {tsdb: {retention: {percentage: 100.5}}}\n", "'storage.tsdb.retention.percentage' must be in the range [0, 100]"),
                Arguments.of("tracing: {endpoint: 'localhost:4317', client_type: udp}\n", "unknown tracing client_type \"udp\""),
                Arguments.of("tracing: {endpoint: 'localhost:4317', headers: {User-Agent: x}}\n", "user-agent is a reserved header"),
                Arguments.of("otlp: {translation_strategy: UnderscoreEscapingWithoutSuffixes, promote_resource_attributes: [a, ' a']}\n",
                        "invalid 'promote_resource_attributes': duplicated promoted OTel resource attribute \"a\""));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejectsWithPrometheusReason(String yaml, String reason) {
        assertThatThrownBy(() -> loader.parse(yaml, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(reason);
    }

    static Stream<String> accepted() {
        return Stream.of(
                job("azure_sd_configs", "- {subscription_id: s, authentication_method: ManagedIdentity}"),
                job("openstack_sd_configs", "- {role: hypervisor, availability: internal, region: r}"),
                job("stackit_sd_configs", "- {endpoint: 'https://stackit.example'}"),
                job("oci_sd_configs", "- {auth: instance_principal, region: r}"),
                "storage: {tsdb: {retention: {percentage: 0, size: 0B, time: 0s}}}\n",
                "tracing: {endpoint: 'localhost:4317', client_type: http, compression: gzip, headers: {X-Team: a}}\n",
                "global: {metric_name_validation_scheme: legacy}\notlp: {translation_strategy: UnderscoreEscapingWithoutSuffixes}\n",
                "otlp: {promote_all_resource_attributes: true, ignore_resource_attributes: [a, b]}\n");
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void acceptsValidSettings(String yaml) {
        assertThat(loader.parse(yaml, null)).isNotNull();
    }

    @Test
    void readsTheTsdbSettingsButDoesNotRequireThem() {
        PrometheusConfig config = loader.parse(
                "storage: {tsdb: {retention: {time: 15d, size: 1GB, percentage: 12.5}, chunk_encoding: {floats: xor2}}}\n", null);
        assertThat(TsdbSettings.of(config)).isEqualTo(new TsdbSettings(Optional.of(Duration.ofDays(15)),
                Optional.of(1L << 30), Optional.of(12.5), Optional.of("xor2")));
        assertThat(TsdbSettings.of(loader.parse("global: {scrape_interval: 1m}\n", null))).isEqualTo(TsdbSettings.NONE);
    }

    private static String job(String section, String entry) {
        return "scrape_configs:\n  - job_name: j\n    " + section + ":\n      " + entry + "\n";
    }
}
