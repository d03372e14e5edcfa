/**
 * The Prometheus configuration file as immutable records: {@link io.promless.config.ConfigLoader}
 * reads {@code prometheus.yml} strictly (unknown and duplicate keys are errors worded as
 * Prometheus words them), applies global defaults and validates; {@link io.promless.config.PrometheusConfig}
 * is the result. Sections Promless does not interpret yet are kept as unparsed YAML nodes.
 */
package io.promless.config;
