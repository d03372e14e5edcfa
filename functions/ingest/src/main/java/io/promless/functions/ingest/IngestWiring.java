package io.promless.functions.ingest;

import io.promless.aws.AwsClients;
import io.promless.ingest.IngestService;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.SegmentHeadWriter;

/** The ingest function's composition root: AWS adapters from the environment, engine on top. */
final class IngestWiring {
    private IngestWiring() {}

    static IngestService fromEnvironment() {
        AwsClients clients = AwsClients.fromEnvironment();
        return new IngestService(new SegmentHeadWriter(clients.headStore(), HeadOptions.defaults()), clients.objectStore());
    }
}
