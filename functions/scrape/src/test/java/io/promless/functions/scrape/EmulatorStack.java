package io.promless.functions.scrape;

import io.promless.aws.AwsClients;
import io.promless.aws.AwsSettings;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the stack's functions share, made fresh on the emulator for one test: head tables, the
 * samples queue with its dead-letter queue, the bucket, the functions' environment naming them,
 * and clients built from that environment.
 */
public record EmulatorStack(AwsEndpoint endpoint, AwsResources.QueueWithDeadLetters queue, Map<String, String> environment,
        AwsClients clients) {

    /** @param extraEnvironment variables added to the ones naming the resources (e.g. the config key) */
    public static EmulatorStack create(Map<String, String> extraEnvironment) {
        AwsEndpoint endpoint = AwsEmulator.endpoint();
        AwsResources resources = new AwsResources(endpoint);
        AwsResources.HeadTables tables = resources.createHeadTables();
        AwsResources.QueueWithDeadLetters queue = resources.createQueue(Duration.ofSeconds(30), 5);
        Map<String, String> environment = new HashMap<>(Map.of(
                AwsSettings.REGION, endpoint.region().id(),
                AwsSettings.ENDPOINT_URL, endpoint.uri().toString(),
                AwsSettings.SERIES_TABLE, tables.seriesTable(),
                AwsSettings.SEGMENTS_TABLE, tables.segmentsTable(),
                AwsSettings.BUCKET, resources.createBucket(),
                AwsSettings.QUEUE_URL, queue.queueUrl()));
        environment.putAll(extraEnvironment);
        AwsClients clients = new AwsClients(new AwsSettings(environment), endpoint.credentials());
        return new EmulatorStack(endpoint, queue, Map.copyOf(environment), clients);
    }
}
