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
 * unknown. {@code file_sd_configs} are parsed; other service discovery sections are kept unparsed
 * by name ({@code kubernetes_sd_configs} ...) until their discovery exists.
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
        List<FileSdConfig> fileSdConfigs,
        List<RelabelConfig> relabelConfigs,
        List<RelabelConfig> metricRelabelConfigs,
        Map<String, YamlNode> serviceDiscovery) {
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
        fileSdConfigs = List.copyOf(fileSdConfigs);
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
        serviceDiscovery = Map.copyOf(serviceDiscovery);
    }

    /** A minimal config for one job, with Prometheus's defaults: handy for tests and tools. */
    public static ScrapeConfig of(String jobName, Duration interval, Duration timeout, List<StaticConfig> targets) {
        return new ScrapeConfig(jobName, interval, timeout, DEFAULT_METRICS_PATH, DEFAULT_SCHEME, Map.of(), false,
                true, false, true, ScrapeProtocol.DEFAULTS, Optional.empty(), ScrapeOptions.DEFAULT, ScrapeLimits.NONE, HttpClientConfig.DEFAULT, targets,
                List.of(), List.of(), List.of(), Map.of());
    }
}
