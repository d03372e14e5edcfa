package io.promless.testkit.aws;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the AWS resources Promless uses on an emulator, each under a fresh unique name, the
 * way template.yaml declares them: the two head tables (string keys "pk" and "sk", on-demand,
 * TTL on "expiresAt"), a bucket, a queue with a dead-letter queue and redrive policy, and a
 * topic. See docs/dynamodb-layout.md for the table layout.
 */
public final class AwsResources {
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private final AwsEndpoint endpoint;

    /** The tables of one head store. */
    public record HeadTables(String seriesTable, String segmentsTable) {}

    /** A queue and the dead-letter queue its redrive policy moves messages to. */
    public record QueueWithDeadLetters(String queueUrl, String queueArn, String deadLetterQueueUrl,
            String deadLetterQueueArn, int maxReceiveCount) {}

    public AwsResources(AwsEndpoint endpoint) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
    }

    /** A name unlikely to clash with any other test's: prefix plus 12 random hex digits. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public HeadTables createHeadTables() {
        String series = uniqueName("promless-series");
        String segments = uniqueName("promless-segments");
        try (DynamoDbClient dynamoDb = endpoint.dynamoDb()) {
            for (String table : List.of(series, segments)) {
                createTable(dynamoDb, table);
                dynamoDb.updateTimeToLive(request -> request.tableName(table)
                        .timeToLiveSpecification(ttl -> ttl.enabled(true).attributeName(TTL_ATTRIBUTE)));
            }
        }
        return new HeadTables(series, segments);
    }

    private static void createTable(DynamoDbClient dynamoDb, String name) {
        dynamoDb.createTable(request -> request.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build()));
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(name));
    }

    public String createBucket() {
        String bucket = uniqueName("promless-bucket");
        try (S3Client s3 = endpoint.s3()) {
            s3.createBucket(request -> request.bucket(bucket));
        }
        return bucket;
    }

    /** A queue whose messages move to a dead-letter queue after {@code maxReceiveCount} receives. */
    public QueueWithDeadLetters createQueue(Duration visibilityTimeout, int maxReceiveCount) {
        requireNonNull(visibilityTimeout, "visibilityTimeout is null");
        String name = uniqueName("promless-queue");
        try (SqsClient sqs = endpoint.sqs()) {
            String deadLetterUrl = sqs.createQueue(request -> request.queueName(name + "-dlq")).queueUrl();
            String deadLetterArn = queueArn(sqs, deadLetterUrl);
            String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                    + maxReceiveCount + "\"}";
            String queueUrl = sqs.createQueue(request -> request.queueName(name).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                    QueueAttributeName.REDRIVE_POLICY, redrivePolicy))).queueUrl();
            return new QueueWithDeadLetters(queueUrl, queueArn(sqs, queueUrl), deadLetterUrl, deadLetterArn,
                    maxReceiveCount);
        }
    }

    public static String queueArn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    public String createTopic() {
        String name = uniqueName("promless-alerts");
        try (SnsClient sns = endpoint.sns()) {
            return sns.createTopic(request -> request.name(name)).topicArn();
        }
    }
}
