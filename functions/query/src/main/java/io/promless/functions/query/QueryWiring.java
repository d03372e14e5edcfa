package io.promless.functions.query;

import io.promless.api.ApiHandler;
import io.promless.api.PrometheusApi;
import io.promless.api.RouteTable;
import io.promless.aws.AwsClients;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockStore;
import io.promless.blocks.query.BlockQueryable;
import io.promless.blocks.query.MergedQueryable;
import io.promless.ports.ObjectStore;
import io.promless.promql.SeriesSelectors;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.storage.Queryable;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.web.WebAssets;
import java.time.Clock;

/**
 * The query function's composition root: PromQL over the S3 blocks and the DynamoDB head, behind the Prometheus
 * API (metric metadata from the series table), with the web UI's pages and assets beside it.
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
        return PrometheusApi.builder(new PromqlEngine(EngineOptions.defaults()), storage(clients), SeriesSelectors::parse,
                        Clock.systemUTC())
                .metadataStore(clients.metadataStore())
                .build();
    }

    /**
     * Blocks and head as one: the blocks the index lists (S3, {@code blocks/}) first, then the
     * DynamoDB head; a sample in both (a window compacted while its head items live on) is read once.
     */
    public static Queryable storage(AwsClients clients) {
        ObjectStore objects = clients.objectStore();
        BlockQueryable blocks = new BlockQueryable(new BlockIndex(objects), new BlockStore(objects));
        HeadQueryable head = new HeadQueryable(clients.headStore(), HeadOptions.defaults());
        return MergedQueryable.of(blocks, head);
    }
}
