package io.promless.aws;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where Promless's AWS resources are, read from environment variables (what template.yaml
 * sets on each function). A setting a function does not need may be absent; asking for it
 * then fails with the variable's name.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><td>AWS_REGION</td><td>region (else the SDK's default region chain)</td></tr>
 *   <tr><td>AWS_ENDPOINT_URL</td><td>endpoint for every service (emulators)</td></tr>
 *   <tr><td>AWS_ENDPOINT_URL_S3, _SQS, _SNS, _DYNAMODB</td><td>per-service endpoint, wins over AWS_ENDPOINT_URL</td></tr>
 *   <tr><td>PROMLESS_SERIES_TABLE</td><td>DynamoDB series index table</td></tr>
 *   <tr><td>PROMLESS_SEGMENTS_TABLE</td><td>DynamoDB sample segments table</td></tr>
 *   <tr><td>PROMLESS_BUCKET</td><td>S3 bucket for blocks and claim checks</td></tr>
 *   <tr><td>PROMLESS_BUCKET_PREFIX</td><td>key prefix inside the bucket (default empty)</td></tr>
 *   <tr><td>PROMLESS_QUEUE_URL</td><td>SQS ingest queue URL</td></tr>
 *   <tr><td>PROMLESS_QUEUE_MAX_MESSAGE_BYTES</td><td>queue message limit (default 262144)</td></tr>
 *   <tr><td>PROMLESS_ALERT_TOPIC_ARN</td><td>SNS topic for alert notifications</td></tr>
 * </table>
 */
public record AwsSettings(Map<String, String> environment) {
    public static final String REGION = "AWS_REGION";
    public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String SERIES_TABLE = "PROMLESS_SERIES_TABLE";
    public static final String SEGMENTS_TABLE = "PROMLESS_SEGMENTS_TABLE";
    public static final String BUCKET = "PROMLESS_BUCKET";
    public static final String BUCKET_PREFIX = "PROMLESS_BUCKET_PREFIX";
    public static final String QUEUE_URL = "PROMLESS_QUEUE_URL";
    public static final String QUEUE_MAX_MESSAGE_BYTES = "PROMLESS_QUEUE_MAX_MESSAGE_BYTES";
    public static final String ALERT_TOPIC_ARN = "PROMLESS_ALERT_TOPIC_ARN";

    /** Service ids as they appear in AWS_ENDPOINT_URL_&lt;SERVICE&gt;. */
    public enum Service { S3, SQS, SNS, DYNAMODB }

    public AwsSettings {
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    public static AwsSettings fromEnvironment() {
        return new AwsSettings(System.getenv());
    }

    public Optional<String> region() {
        return value(REGION);
    }

    /** The endpoint override for a service: its own variable, else AWS_ENDPOINT_URL, else none. */
    public Optional<URI> endpoint(Service service) {
        return value(ENDPOINT_URL + "_" + service.name().toUpperCase(Locale.ROOT))
                .or(() -> value(ENDPOINT_URL))
                .map(text -> parseUri(text, service));
    }

    private static URI parseUri(String text, Service service) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("endpoint for " + service + " is not a URL: '" + text + "'", e);
        }
    }

    public String seriesTable() {
        return required(SERIES_TABLE);
    }

    public String segmentsTable() {
        return required(SEGMENTS_TABLE);
    }

    public String bucket() {
        return required(BUCKET);
    }

    public String bucketPrefix() {
        return value(BUCKET_PREFIX).orElse("");
    }

    public String queueUrl() {
        return required(QUEUE_URL);
    }

    public int queueMaxMessageBytes() {
        Optional<String> text = value(QUEUE_MAX_MESSAGE_BYTES);
        if (text.isEmpty()) {
            return SqsMessageQueue.DEFAULT_MAX_MESSAGE_BYTES;
        }
        try {
            int bytes = Integer.parseInt(text.get());
            if (bytes < 1) {
                throw new NumberFormatException("not positive");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(QUEUE_MAX_MESSAGE_BYTES + " must be a positive integer, got '"
                    + text.get() + "'", e);
        }
    }

    public String alertTopicArn() {
        return required(ALERT_TOPIC_ARN);
    }

    private Optional<String> value(String name) {
        String text = environment.get(name);
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.strip());
    }

    private String required(String name) {
        return value(name).orElseThrow(() -> new IllegalStateException("environment variable " + name + " is not set"));
    }
}
