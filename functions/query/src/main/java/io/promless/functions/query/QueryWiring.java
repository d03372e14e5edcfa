package io.promless.functions.query;

import io.promless.api.ApiHandler;
import io.promless.api.PrometheusApi;
import io.promless.api.RouteTable;
import io.promless.aws.AwsClients;
import io.promless.promql.SeriesSelectors;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.scrape.state.ObjectScrapeStateStore;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.web.WebAssets;
import java.time.Clock;

/**
 * The query function's composition root: PromQL over the DynamoDB head, behind the Prometheus
 * API (metric metadata from the series table; targets, their health and metadata from the scrape
 * state the scrape function keeps in the bucket), with the web UI's pages and assets beside it.
 */
public final class QueryWiring {
    private QueryWiring() {}

    static ApiHandler fromEnvironment() {
        return withWebUi(from(AwsClients.fromEnvironment()));
    }

    /** The API under /api/v1/ and the web UI at /, its pages and /assets/. */
    public static ApiHandler withWebUi(PrometheusApi api) {
        return new WebAssets().addRoutes(RouteTable.builder().prefix(PrometheusApi.PREFIX + "/", api)).build();
    }

    public static PrometheusApi from(AwsClients clients) {
        HeadQueryable head = new HeadQueryable(clients.headStore(), HeadOptions.defaults());
        StoredTargetsView targets = new StoredTargetsView(new ObjectScrapeStateStore(clients.objectStore()));
        return PrometheusApi.builder(new PromqlEngine(EngineOptions.defaults()), head, SeriesSelectors::parse, Clock.systemUTC())
                .metadataStore(clients.metadataStore())
                .targets(targets)
                .targetMetadata(targets.metadataView())
                .build();
    }
}
