/**
 * Self-monitoring: a small registry of counters, gauges and histograms that Promless keeps
 * about itself, and a writer that exposes them in the Prometheus text format 0.0.4 on
 * {@code /metrics}, so Promless (or a Prometheus) can scrape its own health.
 *
 * <p>Components keep their counters as {@code long} getters backed by {@code LongAdder};
 * the composition root registers those getters as callbacks, so engine code never needs to
 * know about this package.
 */
package io.promless.telemetry;
