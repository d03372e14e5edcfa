/**
 * Scrape body formats: the Prometheus text format 0.0.4 ({@link io.promless.exposition.PrometheusTextParser})
 * and OpenMetrics 1.0 text ({@link io.promless.exposition.OpenMetricsParser}, strict or
 * Prometheus-compatible), chosen from a response's Content-Type by
 * {@link io.promless.exposition.ExpositionFormat}. Parsers read the body's bytes directly and
 * report samples, metadata and exemplars to a {@link io.promless.exposition.ScrapeHandler} in body
 * order; a malformed body throws {@link io.promless.exposition.ExpositionException} naming the
 * line.
 */
package io.promless.exposition;
