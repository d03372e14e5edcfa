package io.promless.differential;

import static java.util.Objects.requireNonNull;

import io.promless.api.SeriesSelectorParser;
import io.promless.promql.QueryEngine;
import io.promless.tsdb.head.HeadOptions;
import java.nio.file.Path;

/**
 * Both servers loaded with the same generated data, and clients for them. Prometheus starts
 * first: when its programs are missing, nothing else is started and the failure says so.
 */
public final class DifferentialEnvironment implements AutoCloseable {
    private final Dataset dataset;
    private final PrometheusServer prometheus;
    private final PromlessServer promless;

    private DifferentialEnvironment(Dataset dataset, PrometheusServer prometheus, PromlessServer promless) {
        this.dataset = dataset;
        this.prometheus = prometheus;
        this.promless = promless;
    }

    public static DifferentialEnvironment start(Dataset dataset, Path workDirectory, QueryEngine engine,
            SeriesSelectorParser selectorParser) {
        return start(dataset, workDirectory, engine, selectorParser, HeadOptions.defaults());
    }

    /** @param headOptions the layout of Promless's head (the benchmark compares layouts) */
    public static DifferentialEnvironment start(Dataset dataset, Path workDirectory, QueryEngine engine,
            SeriesSelectorParser selectorParser, HeadOptions headOptions) {
        requireNonNull(dataset, "dataset is null");
        PrometheusServer prometheus = PrometheusServer.start(dataset, workDirectory);
        try {
            return new DifferentialEnvironment(dataset, prometheus,
                    PromlessServer.start(dataset, engine, selectorParser, headOptions));
        } catch (RuntimeException e) {
            prometheus.close();
            throw e;
        }
    }

    public Dataset dataset() {
        return dataset;
    }

    public QueryClient prometheusClient() {
        return new QueryClient(prometheus.baseUri());
    }

    public QueryClient promlessClient() {
        return new QueryClient(promless.baseUri());
    }

    /** Time Promless's HTTP server spent computing answers so far, in nanoseconds. */
    public long promlessHandlerNanos() {
        return promless.handlerNanos();
    }

    public DifferentialRunner runner() {
        return new DifferentialRunner(prometheusClient(), promlessClient(), EvaluationPlan.forData(dataset.startMillis()));
    }

    @Override
    public void close() {
        try {
            promless.close();
        } finally {
            prometheus.close();
        }
    }
}
