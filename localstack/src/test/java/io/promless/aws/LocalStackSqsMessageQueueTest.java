package io.promless.aws;

import io.promless.testkit.aws.AwsEndpoint;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/** {@link SqsMessageQueueTest} against LocalStack; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSqsMessageQueueTest extends SqsMessageQueueTest {
    @Container
    private static final LocalStackContainer LOCALSTACK = LocalStack.container();

    @Override
    protected AwsEndpoint endpoint() {
        return LocalStack.endpoint(LOCALSTACK);
    }
}
