package io.promless.aws;

import io.promless.testkit.aws.AwsEndpoint;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The LocalStack container the adapter suite runs against. The image is pinned (system
 * property {@code promless.localstack.image}, set by the pom); LOCALSTACK_AUTH_TOKEN is passed
 * through for images that ask for one.
 */
final class LocalStack {
    private static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

    private LocalStack() {}

    static LocalStackContainer container() {
        String image = System.getProperty("promless.localstack.image", DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"));
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        return container;
    }

    /** LocalStack accepts any credentials; the suite uses the same static ones as on moto. */
    static AwsEndpoint endpoint(LocalStackContainer container) {
        return AwsEndpoint.withTestCredentials(container.getEndpoint());
    }
}
