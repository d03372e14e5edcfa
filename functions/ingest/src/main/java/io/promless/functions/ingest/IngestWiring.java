package io.promless.functions.ingest;

import io.promless.aws.AwsClients;
import io.promless.ingest.IngestService;
import io.promless.remote.QueueMessageDecoder;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.SegmentHeadWriter;

/**
 * The ingest function's composition root: AWS adapters from the environment, engine on top.
 * Samples go to the DynamoDB head; the HELP/TYPE/UNIT metadata messages carry goes to the
 * metadata partition of the series table, for /api/v1/metadata.
 */
public final class IngestWiring {
    private IngestWiring() {}

    static IngestService fromEnvironment() {
        return from(AwsClients.fromEnvironment());
    }

    public static IngestService from(AwsClients clients) {
        return new IngestService(new SegmentHeadWriter(clients.headStore(), HeadOptions.defaults()),
                new QueueMessageDecoder(clients.objectStore()), clients.metadataStore());
    }
}
