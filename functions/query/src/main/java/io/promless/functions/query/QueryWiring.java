package io.promless.functions.query;

import io.promless.api.PrometheusApi;
import io.promless.aws.AwsClients;
import io.promless.promql.SeriesSelectors;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import java.time.Clock;

/** The query function's composition root: PromQL over the DynamoDB head, behind the Prometheus API. */
public final class QueryWiring {
    private QueryWiring() {}

    static PrometheusApi fromEnvironment() {
        return from(AwsClients.fromEnvironment());
    }

    public static PrometheusApi from(AwsClients clients) {
        HeadQueryable head = new HeadQueryable(clients.headStore(), HeadOptions.defaults());
        return new PrometheusApi(new PromqlEngine(EngineOptions.defaults()), head, SeriesSelectors::parse, Clock.systemUTC());
    }
}
