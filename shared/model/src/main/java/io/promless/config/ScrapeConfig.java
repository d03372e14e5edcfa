package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.config.yaml.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code scrape_configs} entry with the global defaults already applied. Protocols use
 * {@link ScrapeProtocol}'s names; the fallback applies when a target's Content-Type is missing or
 * unknown. Service discovery sections Promless implements are parsed into {@code discoveryConfigs}
 * (in the order written); the others are kept unparsed by section name in
 * {@code unsupportedDiscovery} (validated where Prometheus checks them, otherwise ignored).
 */
public record ScrapeConfig(
        String jobName,
        Duration scrapeInterval,
        Duration scrapeTimeout,
        String metricsPath,
        String scheme,
        Map<String, List<String>> params,
        boolean honorLabels,
        boolean honorTimestamps,
        boolean trackTimestampsStaleness,
        boolean enableCompression,
        List<String> scrapeProtocols,
        Optional<String> fallbackScrapeProtocol,
        ScrapeOptions options,
        ScrapeLimits limits,
        HttpClientConfig httpClient,
        List<StaticConfig> staticConfigs,
        List<DiscoveryConfig> discoveryConfigs,
        List<RelabelConfig> relabelConfigs,
        List<RelabelConfig> metricRelabelConfigs,
        Map<String, YamlNode> unsupportedDiscovery) {
    public static final String DEFAULT_METRICS_PATH = "/metrics";
    public static final String DEFAULT_SCHEME = "http";

    public ScrapeConfig {
        requireNonNull(jobName, "jobName is null");
        requireNonNull(scrapeInterval, "scrapeInterval is null");
        requireNonNull(scrapeTimeout, "scrapeTimeout is null");
        requireNonNull(metricsPath, "metricsPath is null");
        requireNonNull(scheme, "scheme is null");
        params = Map.copyOf(params);
        scrapeProtocols = List.copyOf(scrapeProtocols);
        requireNonNull(fallbackScrapeProtocol, "fallbackScrapeProtocol is null");
        requireNonNull(options, "options is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(httpClient, "httpClient is null");
        staticConfigs = List.copyOf(staticConfigs);
        discoveryConfigs = List.copyOf(discoveryConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
        unsupportedDiscovery = Map.copyOf(unsupportedDiscovery);
    }

    /** A minimal config for one job, with Prometheus's defaults: handy for tests and tools. */
    public static ScrapeConfig of(String jobName, Duration interval, Duration timeout, List<StaticConfig> targets) {
        return new ScrapeConfig(jobName, interval, timeout, DEFAULT_METRICS_PATH, DEFAULT_SCHEME, Map.of(), false,
                true, false, true, ScrapeProtocol.DEFAULTS, Optional.empty(), ScrapeOptions.DEFAULT, ScrapeLimits.NONE, HttpClientConfig.DEFAULT, targets,
                List.of(), List.of(), List.of(), Map.of());
    }

    /** The {@code file_sd_configs} entries among the discovery configs. */
    public List<FileSdConfig> fileSdConfigs() {
        return discoveryConfigs.stream().filter(FileSdConfig.class::isInstance).map(FileSdConfig.class::cast).toList();
    }
}
