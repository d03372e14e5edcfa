package io.promless.functions.ingest;

import io.promless.aws.AwsClients;
import io.promless.ingest.IngestService;
import io.promless.remote.QueueMessageDecoder;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.SegmentHeadWriter;

/**
 * The ingest function's composition root: AWS adapters from the environment, engine on top.
 * Samples go to the DynamoDB head; the HELP/TYPE/UNIT metadata messages carry goes to the
 * metadata partition of the series table, for /api/v1/metadata. Segments carry a TTL that
 * {@link CompactionEnvironment} sets, so the head holds only what compaction has yet to copy.
 */
public final class IngestWiring {
    private IngestWiring() {}

    static IngestService fromEnvironment() {
        return from(AwsClients.fromEnvironment());
    }

    /**
     * Segments expire (DynamoDB TTL) PROMLESS_HEAD_RETENTION after their window's end: long
     * enough for compaction to copy them into blocks, with a margin for a compaction outage.
     */
    public static IngestService from(AwsClients clients) {
        HeadOptions options = HeadOptions.defaults()
                .withRetention(CompactionEnvironment.headRetention(clients.settings().environment()));
        return new IngestService(new SegmentHeadWriter(clients.headStore(), options),
                new QueueMessageDecoder(clients.objectStore()), clients.metadataStore());
    }
}
