/**
 * Scraping: turning a loaded {@code prometheus.yml} into targets ({@link io.promless.scrape.ScrapeTarget}),
 * fetching them concurrently over HTTP and appending what they expose plus Prometheus's synthetic
 * series ({@link io.promless.scrape.ScrapeEngine}), and the entry points the scrape Lambda and the
 * local mode share ({@link io.promless.scrape.ScrapeService}, {@link io.promless.scrape.ScrapeScheduler}).
 * Exposition parsing is a seam: the engine takes a function from Content-Type to parser.
 */
package io.promless.scrape;
