package io.promless.testkit.aws;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where an AWS emulator (moto server, LocalStack) answers, with the static test credentials and
 * region, and clients for it. Clients are cheap to build but hold connections; close them or
 * build them once per test class.
 */
public record AwsEndpoint(URI uri, Region region, AwsCredentialsProvider credentials) {
    public static final String TEST_ACCESS_KEY = "testing";
    public static final String TEST_SECRET_KEY = "testing";
    public static final Region TEST_REGION = Region.US_EAST_1;

    public AwsEndpoint {
        requireNonNull(uri, "uri is null");
        requireNonNull(region, "region is null");
        requireNonNull(credentials, "credentials is null");
    }

    /** An endpoint with the static "testing"/"testing" credentials in us-east-1. */
    public static AwsEndpoint withTestCredentials(URI uri) {
        return new AwsEndpoint(uri, TEST_REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(TEST_ACCESS_KEY, TEST_SECRET_KEY)));
    }

    public S3Client s3() {
        // Path-style addressing: emulators do not resolve bucket subdomains of 127.0.0.1.
        return S3Client.builder().endpointOverride(uri).region(region).credentialsProvider(credentials)
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public SqsClient sqs() {
        return SqsClient.builder().endpointOverride(uri).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public SnsClient sns() {
        return SnsClient.builder().endpointOverride(uri).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().endpointOverride(uri).region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
