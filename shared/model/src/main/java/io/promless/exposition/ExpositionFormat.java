package io.promless.exposition;

import java.util.Locale;

/** The scrape body formats Promless reads, chosen from a response's Content-Type as Prometheus does. */
public enum ExpositionFormat {
    /** {@code text/plain; version=0.0.4}, and the fallback for anything else. */
    PROMETHEUS_TEXT,
    /** {@code application/openmetrics-text} (versions 0.0.1 and 1.0.0). */
    OPENMETRICS_TEXT;

    private static final PrometheusTextParser PROMETHEUS_TEXT_PARSER = new PrometheusTextParser();

    /**
     * OpenMetrics for an {@code application/openmetrics-text} media type (parameters and case
     * ignored); the Prometheus text format otherwise, including a missing or malformed header.
     */
    public static ExpositionFormat fromContentType(String contentTypeHeader) {
        if (contentTypeHeader == null) {
            return PROMETHEUS_TEXT;
        }
        int parameters = contentTypeHeader.indexOf(';');
        String mediaType = (parameters >= 0 ? contentTypeHeader.substring(0, parameters) : contentTypeHeader)
                .trim()
                .toLowerCase(Locale.ROOT);
        return mediaType.equals("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    }

    /**
     * The parser a scrape uses for this format. OpenMetrics is read as Prometheus's scraper reads
     * it ({@link OpenMetricsParser#prometheusCompatible()}); {@link OpenMetricsParser#strict()}
     * checks the whole specification.
     */
    public ExpositionParser parser() {
        return switch (this) {
            case PROMETHEUS_TEXT -> PROMETHEUS_TEXT_PARSER;
            case OPENMETRICS_TEXT -> OpenMetricsParser.prometheusCompatible();
        };
    }
}
