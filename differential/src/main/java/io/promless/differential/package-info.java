/**
 * The differential test against Prometheus itself and its latency benchmark.
 *
 * <p>{@link io.promless.differential.DataGenerator} makes a seeded {@link io.promless.differential.Dataset};
 * {@link io.promless.differential.PrometheusServer} loads it into Debian's prometheus through
 * promtool's OpenMetrics backfill and {@link io.promless.differential.PromlessServer} through
 * Promless's head write path; {@link io.promless.differential.DifferentialRunner} sends every
 * {@link io.promless.differential.QueryCorpus} query to both over HTTP at the times of an
 * {@link io.promless.differential.EvaluationPlan} and {@link io.promless.differential.ResultComparator}
 * compares the answers. {@link io.promless.differential.QueryBenchmark} times the same requests.
 */
package io.promless.differential;
