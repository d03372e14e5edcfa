package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.time.Duration;
import java.util.List;

/**
 * The {@code global} section: defaults every scrape config inherits, and external labels.
 * {@code scrapeProtocols} is empty when not set (scrape configs then pick the defaults).
 */
public record GlobalConfig(
        Duration scrapeInterval,
        Duration scrapeTimeout,
        Duration evaluationInterval,
        Labels externalLabels,
        ScrapeLimits limits,
        ScrapeOptions options,
        List<String> scrapeProtocols) {
    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);
    public static final GlobalConfig DEFAULT = new GlobalConfig(DEFAULT_SCRAPE_INTERVAL, DEFAULT_SCRAPE_TIMEOUT,
            DEFAULT_EVALUATION_INTERVAL, Labels.EMPTY, ScrapeLimits.NONE, ScrapeOptions.DEFAULT, List.of());

    public GlobalConfig {
        requireNonNull(scrapeInterval, "scrapeInterval is null");
        requireNonNull(scrapeTimeout, "scrapeTimeout is null");
        requireNonNull(evaluationInterval, "evaluationInterval is null");
        requireNonNull(externalLabels, "externalLabels is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(options, "options is null");
        scrapeProtocols = List.copyOf(scrapeProtocols);
    }
}
