package io.promless.functions.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.aws.AwsClients;
import io.promless.functions.ingest.IngestFunction;
import io.promless.functions.ingest.IngestWiring;
import io.promless.functions.query.QueryFunction;
import io.promless.functions.query.QueryWiring;
import io.promless.testkit.aws.ApiGatewayEvents;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.aws.SqsEventSourceHarness;
import io.promless.testkit.exporters.NodeExporterProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole AWS path on the emulator, with the functions' own wiring: the scrape function reads
 * prometheus.yml from the bucket and scrapes a real node_exporter into SQS; the event-source
 * harness hands the messages to the ingest function, which writes DynamoDB; the query function
 * answers API Gateway events for node_cpu_seconds_total and its metadata.
 */
class ScrapeToQueryOnEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nodeExporterSamplesGoFromScrapeToQueryThroughAws() throws Exception {
        EmulatorStack stack = EmulatorStack.create(Map.of(ScrapeWiring.CONFIG_KEY_VARIABLE, "config/prometheus.yml"));
        AwsEndpoint endpoint = stack.endpoint();
        AwsResources.QueueWithDeadLetters queue = stack.queue();
        Map<String, String> environment = stack.environment();
        AwsClients clients = stack.clients();

        try (NodeExporterProcess nodeExporter = NodeExporterProcess.start()) {
            clients.objectStore().put("config/prometheus.yml", """
                    global:
                      scrape_interval: 1m
                    scrape_configs:
                      - job_name: node
                        static_configs:
                          - targets: ['%s']
                    """.formatted(nodeExporter.address()).getBytes(StandardCharsets.UTF_8));

            // Rounds are not waited for: the second trigger's window lies a minute ahead.
            ScrapeFunction scrape = new ScrapeFunction(ScrapeWiring.from(clients, environment),
                    ScrapeFunction.DEFAULT_TRIGGER_PERIOD, java.time.Clock.systemUTC(), wallMillis -> wallMillis);
            long scrapeTime = System.currentTimeMillis();
            for (int round = 0; round < 2; round++) {
                Map<String, Object> tick = Map.of("time", java.time.Instant.ofEpochMilli(scrapeTime + round * 60_000L).toString());
                Map<String, Object> summary = scrape.handleRequest(tick, null);
                assertThat(summary).containsEntry("targetsUp", 1L);
            }

            IngestFunction ingest = new IngestFunction(IngestWiring.from(clients));
            var deliveries = SqsEventSourceHarness.of(clients.sqs(), endpoint, queue)
                    .drain(event -> ingest.handleRequest(event, null), Duration.ofSeconds(1));
            assertThat(deliveries).isNotEmpty()
                    .allSatisfy(delivery -> assertThat(delivery.response().getBatchItemFailures()).isEmpty());

            QueryFunction query = new QueryFunction(QueryWiring.from(clients));
            double evaluationTime = (scrapeTime + 60_000L) / 1000.0;
            JsonNode cpu = get(query, "/api/v1/query", "query=node_cpu_seconds_total&time=" + evaluationTime);
            assertThat(cpu.get("resultType").asText()).isEqualTo("vector");
            assertThat(cpu.get("result").size()).isGreaterThan(0);
            JsonNode metric = cpu.get("result").get(0).get("metric");
            assertThat(metric.get("job").asText()).isEqualTo("node");
            assertThat(metric.get("instance").asText()).isEqualTo(nodeExporter.address());

            JsonNode rate = get(query, "/api/v1/query", "query=" + java.net.URLEncoder.encode(
                    "sum by (mode) (rate(node_cpu_seconds_total[2m]))", StandardCharsets.UTF_8) + "&time=" + evaluationTime);
            assertThat(rate.get("result").size()).isGreaterThan(0);

            JsonNode up = get(query, "/api/v1/query", "query=up&time=" + evaluationTime);
            assertThat(up.get("result").get(0).get("value").get(1).asText()).isEqualTo("1");

            JsonNode names = get(query, "/api/v1/label/__name__/values", "");
            assertThat(names.toString()).contains("node_cpu_seconds_total", "scrape_duration_seconds");

            JsonNode metadata = get(query, "/api/v1/metadata", "metric=node_cpu_seconds_total");
            assertThat(metadata.get("node_cpu_seconds_total").get(0).get("type").asText()).isEqualTo("counter");
            assertThat(metadata.get("node_cpu_seconds_total").get(0).get("help").asText()).isNotEmpty();
            JsonNode allMetadata = get(query, "/api/v1/metadata", "");
            int entries = 0;
            for (JsonNode family : allMetadata) {
                entries += family.size();
            }
            // Both scrapes carried every family's metadata; the second round wrote none of it again.
            assertThat(clients.metadataStore().itemsWritten()).as("metadata items written").isEqualTo(entries);
            assertThat(clients.metadataStore().writeRequests()).as("BatchWriteItem calls")
                    .isEqualTo((entries + 24) / 25);
        }
    }

    private static JsonNode get(QueryFunction query, String path, String rawQuery) throws Exception {
        APIGatewayV2HTTPResponse response = query.handleRequest(ApiGatewayEvents.get(path, rawQuery), null);
        String body = ApiGatewayEvents.body(response);
        assertThat(response.getStatusCode()).as(body).isEqualTo(200);
        return JSON.readTree(body).get("data");
    }
}
