package io.promless.functions.scrape.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.aws.AwsClients;
import io.promless.functions.query.QueryFunction;
import io.promless.functions.query.QueryWiring;
import io.promless.functions.scrape.EmulatorStack;
import io.promless.functions.scrape.ScrapeFunction;
import io.promless.functions.scrape.ScrapeWiring;
import io.promless.testkit.aws.ApiGatewayEvents;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scrape function (two containers, one after the other) on the emulator, then the query
 * function's /api/v1/targets and /api/v1/targets/metadata answering API Gateway events from
 * what the scrape side stored: no shared memory between the three.
 */
class TargetsApiOnEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_763_000_000_000L;

    @Test
    void queryFunctionShowsTargetsHealthAndMetadataTheScrapeFunctionStored() throws Exception {
        EmulatorStack stack = EmulatorStack.create(Map.of());
        AwsEndpoint endpoint = stack.endpoint();
        AwsResources.QueueWithDeadLetters queue = stack.queue();
        Map<String, String> environment = stack.environment();
        AwsClients clients = stack.clients();

        try (StateTestTargets targets = new StateTestTargets()) {
            targets.serve("/app", "# HELP requests_total Requests served.\n# TYPE requests_total counter\nrequests_total 7\n"
                    + "# TYPE temperature_celsius gauge\ntemperature_celsius 21\n");
            clients.objectStore().put("prometheus.yml", """
                    scrape_configs:
                      - job_name: app
                        metrics_path: /app
                        static_configs:
                          - targets: ['%1$s']
                      - job_name: broken
                        metrics_path: /missing
                        scrape_interval: 1m
                        scrape_timeout: 5s
                        static_configs:
                          - targets: ['%1$s', 'dropped.example:80']
                        relabel_configs:
                          - {source_labels: [__address__], regex: 'dropped.*', action: drop}
                    """.formatted(targets.address()).getBytes(StandardCharsets.UTF_8));

            for (int container = 0; container < 2; container++) {
                ScrapeFunction scrape = new ScrapeFunction(ScrapeWiring.from(clients, environment),
                        ScrapeFunction.DEFAULT_TRIGGER_PERIOD, java.time.Clock.systemUTC(), wallMillis -> wallMillis);
                Map<String, Object> tick = Map.of("time", java.time.Instant.ofEpochMilli(T0 + container * 60_000L).toString());
                assertThat(scrape.handleRequest(tick, null)).containsEntry("targetsUp", 1L).containsEntry("targetsDown", 1L);
            }

            QueryFunction query = new QueryFunction(QueryWiring.from(clients));
            JsonNode all = get(query, "/api/v1/targets", "", 200).get("data");
            assertThat(all.get("activeTargets")).hasSize(2);
            JsonNode app = all.get("activeTargets").get(0);
            assertThat(app.get("scrapePool").asText()).isEqualTo("app");
            assertThat(app.get("health").asText()).isEqualTo("up");
            assertThat(app.get("lastError").asText()).isEmpty();
            // The second container's window: each target is scraped at its own offset within it.
            assertThat(java.time.Instant.parse(app.get("lastScrape").asText()).toEpochMilli())
                    .isBetween(T0, T0 + 60_000L);
            assertThat(app.get("lastScrapeDuration").asDouble()).isPositive();
            assertThat(app.get("labels").toString()).isEqualTo("{\"instance\":\"" + targets.address() + "\",\"job\":\"app\"}");
            assertThat(app.get("discoveredLabels").get("__address__").asText()).isEqualTo(targets.address());
            assertThat(app.get("scrapeUrl").asText()).isEqualTo("http://" + targets.address() + "/app");
            assertThat(app.get("scrapeInterval").asText()).isEqualTo("1m");
            JsonNode broken = all.get("activeTargets").get(1);
            assertThat(broken.get("health").asText()).isEqualTo("down");
            assertThat(broken.get("lastError").asText()).isEqualTo("server returned HTTP status 500");
            assertThat(broken.get("scrapeTimeout").asText()).isEqualTo("5s");
            assertThat(all.get("droppedTargets")).singleElement()
                    .satisfies(dropped -> assertThat(dropped.get("discoveredLabels").get("__address__").asText())
                            .isEqualTo("dropped.example:80"));
            assertThat(all.get("droppedTargetCounts").toString()).isEqualTo("{\"app\":0,\"broken\":1}");
            assertThat(get(query, "/api/v1/targets", "state=dropped&scrapePool=app", 200).get("data").toString())
                    .isEqualTo("{\"activeTargets\":[],\"droppedTargets\":[],\"droppedTargetCounts\":{\"app\":0}}");
            assertThat(get(query, "/api/v1/scrape_pools", "", 200).get("data").toString())
                    .isEqualTo("{\"scrapePools\":[\"app\",\"broken\"]}");

            JsonNode metadata = get(query, "/api/v1/targets/metadata", "match_target=%7Bjob%3D%22app%22%7D", 200).get("data");
            List<String> entries = new ArrayList<>();
            metadata.forEach(entry -> entries.add(entry.get("metric").asText() + " " + entry.get("type").asText() + " "
                    + entry.get("help").asText() + " " + entry.get("unit").asText()));
            assertThat(entries).containsExactly("requests_total counter Requests served. ",
                    "temperature_celsius gauge  ");
            assertThat(metadata.get(0).get("target").get("job").asText()).isEqualTo("app");
            JsonNode one = get(query, "/api/v1/targets/metadata", "metric=temperature_celsius", 200).get("data");
            assertThat(one).singleElement().satisfies(entry -> {
                assertThat(entry.has("metric")).isFalse();
                assertThat(entry.get("type").asText()).isEqualTo("gauge");
            });
            assertThat(get(query, "/api/v1/targets/metadata", "metric=nothing", 404).get("error").asText())
                    .isEqualTo("specified metadata not found");
        }
    }

    private static JsonNode get(QueryFunction query, String path, String rawQuery, int status) throws Exception {
        APIGatewayV2HTTPResponse response = query.handleRequest(ApiGatewayEvents.get(path, rawQuery), null);
        String body = ApiGatewayEvents.body(response);
        assertThat(response.getStatusCode()).as(body).isEqualTo(status);
        return JSON.readTree(body);
    }
}
