package io.promless.functions.scrape.state;

import io.promless.aws.S3ObjectStore;
import io.promless.scrape.state.ObjectScrapeStateStore;
import io.promless.scrape.state.ScrapeStateStore;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/** The AWS store (S3 objects) on the emulator: the two-container staleness cases run against moto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ScrapeStateStoreTest extends ScrapeStateStoreContract {
    private S3Client s3;
    private String bucket;

    @BeforeAll
    void createBucket() {
        AwsEndpoint endpoint = AwsEmulator.endpoint();
        s3 = endpoint.s3();
        bucket = new AwsResources(endpoint).createBucket();
    }

    @AfterAll
    void close() {
        s3.close();
    }

    @Override
    protected ScrapeStateStore createStore() {
        return new ObjectScrapeStateStore(new S3ObjectStore(s3, bucket, AwsResources.uniqueName("state") + "/"));
    }
}
