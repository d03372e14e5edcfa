package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.config.yaml.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded {@code prometheus.yml}. Sections Promless does not interpret yet (alerting,
 * remote_write, remote_read, storage, tracing, otlp, runtime) are kept unparsed in
 * {@code otherSections}; they are still checked at load as Prometheus checks them, and
 * {@link TsdbSettings#of} reads the {@code storage.tsdb} values.
 */
public record PrometheusConfig(
        GlobalConfig global,
        List<ScrapeConfig> scrapeConfigs,
        List<String> ruleFiles,
        List<String> scrapeConfigFiles,
        Map<String, YamlNode> otherSections) {
    public PrometheusConfig {
        requireNonNull(global, "global is null");
        scrapeConfigs = List.copyOf(scrapeConfigs);
        ruleFiles = List.copyOf(ruleFiles);
        scrapeConfigFiles = List.copyOf(scrapeConfigFiles);
        otherSections = Map.copyOf(otherSections);
    }

    public Optional<ScrapeConfig> scrapeConfig(String jobName) {
        return scrapeConfigs.stream().filter(config -> config.jobName().equals(jobName)).findFirst();
    }
}
