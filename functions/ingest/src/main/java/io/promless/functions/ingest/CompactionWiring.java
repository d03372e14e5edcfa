package io.promless.functions.ingest;

import io.promless.aws.AwsClients;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.compact.CompactionService;
import io.promless.blocks.compact.CompactionSettings;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadQueryable;

/**
 * The compaction function's composition root: the DynamoDB head (read through
 * {@link HeadQueryable}) is compacted into blocks under {@code blocks/} of the S3 bucket.
 */
public final class CompactionWiring {
    private CompactionWiring() {}

    static CompactionService fromEnvironment() {
        AwsClients clients = AwsClients.fromEnvironment();
        return from(clients, CompactionEnvironment.settings(clients.settings().environment()));
    }

    public static CompactionService from(AwsClients clients, CompactionSettings settings) {
        HeadQueryable head = new HeadQueryable(clients.headStore(), HeadOptions.defaults());
        return new CompactionService(head, clients.objectStore(), new BlockWriter(BlockOptions.defaults()), settings);
    }
}
