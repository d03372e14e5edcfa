package io.promless.aws;

import io.promless.testkit.aws.AwsEndpoint;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/** {@link S3ObjectStoreTest} against LocalStack; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackS3ObjectStoreTest extends S3ObjectStoreTest {
    @Container
    private static final LocalStackContainer LOCALSTACK = LocalStack.container();

    @Override
    protected AwsEndpoint endpoint() {
        return LocalStack.endpoint(LOCALSTACK);
    }
}
