package io.promless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import io.promless.ports.MessageQueue;
import io.promless.ports.ObjectStore;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.tsdb.head.SeriesEntry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wiring from environment variables alone reaches every service of the emulator. */
class AwsClientsTest {
    /** The emulator these tests run against; the LocalStack profile overrides it. */
    protected AwsEndpoint endpoint() {
        return AwsEmulator.endpoint();
    }

    @Test
    void adaptersBuiltFromTheEnvironmentWork() {
        AwsEndpoint endpoint = endpoint();
        AwsResources resources = new AwsResources(endpoint);
        AwsResources.HeadTables tables = resources.createHeadTables();
        String bucket = resources.createBucket();
        AwsResources.QueueWithDeadLetters queue = resources.createQueue(Duration.ofSeconds(30), 3);
        String topic = resources.createTopic();
        AwsSettings settings = new AwsSettings(Map.of(
                "AWS_REGION", endpoint.region().id(),
                "AWS_ENDPOINT_URL", endpoint.uri().toString(),
                "PROMLESS_SERIES_TABLE", tables.seriesTable(),
                "PROMLESS_SEGMENTS_TABLE", tables.segmentsTable(),
                "PROMLESS_BUCKET", bucket,
                "PROMLESS_QUEUE_URL", queue.queueUrl(),
                "PROMLESS_ALERT_TOPIC_ARN", topic));

        try (AwsClients clients = new AwsClients(settings, endpoint.credentials())) {
            assertThat(clients.s3()).isSameAs(clients.s3());

            ObjectStore objects = clients.objectStore();
            objects.put("claim/1", new byte[] {4, 2});
            assertThat(objects.get("claim/1")).hasValueSatisfying(data -> assertThat(data).containsExactly(4, 2));

            MessageQueue messages = clients.messageQueue();
            String id = messages.send("hello", Map.of());
            assertThat(messages.receive(1, Duration.ofSeconds(2))).singleElement()
                    .satisfies(message -> assertThat(message.id()).isEqualTo(id));

            assertThat(clients.headStore().putSeriesIfAbsent(SeriesEntry.of(Labels.of("__name__", "up")))).isTrue();
            assertThat(clients.headStore().metricNames()).containsExactly("up");

            clients.alertNotifier().publish("subject", "message");
        }
    }
}
