package io.promless.functions.ingest;

import io.promless.aws.AwsClients;
import io.promless.ingest.IngestService;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.SegmentHeadWriter;

/** The ingest function's composition root: AWS adapters from the environment, engine on top. */
public final class IngestWiring {
    private IngestWiring() {}

    static IngestService fromEnvironment() {
        return from(AwsClients.fromEnvironment());
    }

    public static IngestService from(AwsClients clients) {
        return new IngestService(new SegmentHeadWriter(clients.headStore(), HeadOptions.defaults()), clients.objectStore());
    }
}
