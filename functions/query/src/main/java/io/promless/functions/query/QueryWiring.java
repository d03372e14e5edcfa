package io.promless.functions.query;

import io.promless.api.ApiHandler;
import io.promless.api.BlockStatusView;
import io.promless.api.HeadStatusView;
import io.promless.api.PrometheusApi;
import io.promless.api.RouteTable;
import io.promless.aws.AwsClients;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockTotals;
import io.promless.blocks.query.BlockQueryable;
import io.promless.blocks.query.MergedQueryable;
import io.promless.ports.ObjectStore;
import io.promless.promql.SeriesSelectors;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.scrape.state.ObjectScrapeStateStore;
import io.promless.storage.Queryable;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.HeadSummary;
import io.promless.web.WebAssets;
import java.time.Clock;

/**
 * The query function's composition root: PromQL over the S3 blocks and the DynamoDB head, behind
 * the Prometheus API (metric metadata from the series table; targets, their health and metadata
 * from the scrape state the scrape function keeps in the bucket), with the web UI's pages and
 * assets beside it.
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
        StoredTargetsView targets = new StoredTargetsView(new ObjectScrapeStateStore(clients.objectStore()));
        return PrometheusApi.builder(new PromqlEngine(EngineOptions.defaults()), storage(clients), SeriesSelectors::parse,
                        Clock.systemUTC())
                .metadataStore(clients.metadataStore())
                .targets(targets)
                .targetMetadata(targets.metadataView())
                .headStatus(() -> headStatus(HeadSummary.of(clients.headStore(), HeadOptions.defaults())))
                .blockStatus(() -> blockStatus(BlockTotals.of(new BlockIndex(clients.objectStore()).blocks())))
                .build();
    }

    /** The head as /api/v1/status/tsdb shows it. */
    public static HeadStatusView.HeadStatus headStatus(HeadSummary head) {
        return new HeadStatusView.HeadStatus(head.chunks(), head.minTime(), head.maxTime(), head.series());
    }

    /** The blocks as /api/v1/status/tsdb's blockStats shows them. */
    public static BlockStatusView.BlockStatus blockStatus(BlockTotals blocks) {
        return new BlockStatusView.BlockStatus(blocks.blocks(), blocks.bytes(), blocks.minTime(), blocks.maxTime(),
                blocks.series(), blocks.samples());
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
