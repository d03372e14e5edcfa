package io.promless.aws;

import static java.util.Objects.requireNonNull;

import io.promless.ports.MessageQueue;
import io.promless.ports.Notifier;
import io.promless.ports.ObjectStore;
import io.promless.tsdb.head.HeadStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients and adapters of one deployable, built once per container (Lambda reuses it
 * across invocations) and only when first asked for, so a function pays only for the clients
 * it uses. Region and endpoints come from {@link AwsSettings}; credentials from the SDK's
 * default chain (the Lambda role, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY). Thread-safe.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsSettings settings;
    private final AwsCredentialsProvider credentials;
    private final List<SdkClient> built = new ArrayList<>();
    private final Supplier<S3Client> s3 = memoize(this::buildS3);
    private final Supplier<SqsClient> sqs = memoize(() -> configure(SqsClient.builder(), AwsSettings.Service.SQS));
    private final Supplier<SnsClient> sns = memoize(() -> configure(SnsClient.builder(), AwsSettings.Service.SNS));
    private final Supplier<DynamoDbClient> dynamoDb =
            memoize(() -> configure(DynamoDbClient.builder(), AwsSettings.Service.DYNAMODB));
    private final Supplier<DynamoDbMetadataStore> metadataStore =
            memoize(() -> new DynamoDbMetadataStore(dynamoDb(), settings().seriesTable()));

    public AwsClients(AwsSettings settings) {
        this(settings, DefaultCredentialsProvider.builder().build());
    }

    /** Clients with explicit credentials (tests against an emulator use static ones). */
    public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
        this.settings = requireNonNull(settings, "settings is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    public static AwsClients fromEnvironment() {
        return new AwsClients(AwsSettings.fromEnvironment());
    }

    public AwsSettings settings() {
        return settings;
    }

    public S3Client s3() {
        return s3.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    public SnsClient sns() {
        return sns.get();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public ObjectStore objectStore() {
        return new S3ObjectStore(s3(), settings.bucket(), settings.bucketPrefix());
    }

    public MessageQueue messageQueue() {
        return new SqsMessageQueue(sqs(), settings.queueUrl(), settings.queueMaxMessageBytes());
    }

    public Notifier alertNotifier() {
        return new SnsNotifier(sns(), settings.alertTopicArn());
    }

    public HeadStore headStore() {
        return new DynamoDbHeadStore(dynamoDb(), settings.seriesTable(), settings.segmentsTable());
    }

    /**
     * The metric metadata store in the series table; one per container, so its memory of what
     * it already wrote spares repeated writes across invocations.
     */
    public DynamoDbMetadataStore metadataStore() {
        return metadataStore.get();
    }

    private S3Client buildS3() {
        var builder = S3Client.builder();
        // Emulators answer on one host name, so bucket-in-host addressing cannot work there.
        if (settings.endpoint(AwsSettings.Service.S3).isPresent()) {
            builder.forcePathStyle(true);
        }
        return configure(builder, AwsSettings.Service.S3);
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C extends SdkClient>
            C configure(B builder, AwsSettings.Service service) {
        builder.credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder());
        settings.region().map(Region::of).ifPresent(builder::region);
        Optional<URI> endpoint = settings.endpoint(service);
        endpoint.ifPresent(builder::endpointOverride);
        C client = builder.build();
        synchronized (built) {
            built.add(client);
        }
        return client;
    }

    private static <T> Supplier<T> memoize(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T result = value;
                if (result == null) {
                    synchronized (this) {
                        result = value;
                        if (result == null) {
                            result = factory.get();
                            value = result;
                        }
                    }
                }
                return result;
            }
        };
    }

    @Override
    public void close() {
        synchronized (built) {
            built.forEach(SdkClient::close);
            built.clear();
        }
    }
}
