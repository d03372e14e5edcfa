package io.promless.config;

import static java.util.Objects.requireNonNull;

/**
 * Scrape switches that a scrape config inherits from {@code global} unless it sets them:
 * histogram handling, extra scrape metrics, and how metric names are validated
 * ({@code utf8}/{@code legacy}) and escaped ({@code allow-utf-8}, {@code underscores},
 * {@code dots}, {@code values}).
 */
public record ScrapeOptions(
        boolean scrapeNativeHistograms,
        boolean alwaysScrapeClassicHistograms,
        boolean convertClassicHistogramsToNhcb,
        boolean extraScrapeMetrics,
        String metricNameValidationScheme,
        String metricNameEscapingScheme) {
    public static final String UTF8_VALIDATION = "utf8";
    public static final String LEGACY_VALIDATION = "legacy";
    public static final String ALLOW_UTF8_ESCAPING = "allow-utf-8";
    public static final String UNDERSCORES_ESCAPING = "underscores";
    public static final ScrapeOptions DEFAULT = new ScrapeOptions(false, false, false, false, UTF8_VALIDATION, ALLOW_UTF8_ESCAPING);

    public ScrapeOptions {
        requireNonNull(metricNameValidationScheme, "metricNameValidationScheme is null");
        requireNonNull(metricNameEscapingScheme, "metricNameEscapingScheme is null");
    }
}
