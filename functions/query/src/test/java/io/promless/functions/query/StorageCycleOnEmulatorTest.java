package io.promless.functions.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.promless.aws.AwsClients;
import io.promless.aws.AwsSettings;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.functions.ingest.CompactionEnvironment;
import io.promless.functions.ingest.CompactionFunction;
import io.promless.functions.ingest.CompactionWiring;
import io.promless.functions.ingest.IngestFunction;
import io.promless.functions.ingest.IngestWiring;
import io.promless.model.labels.Labels;
import io.promless.ports.ObjectStore;
import io.promless.remote.QueueAppendable;
import io.promless.storage.Appender;
import io.promless.testkit.aws.ApiGatewayEvents;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.aws.SqsEventSourceHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The storage cycle on S3, DynamoDB and SQS (moto server), through the functions' own wiring:
 * samples queued on SQS go through the ingest function into DynamoDB; the compaction function,
 * fired like EventBridge would, writes 2 h blocks to S3, merges them (6 h, 24 h) and applies
 * retention; the query function answers a PromQL corpus identically before compaction (head
 * only), after it (blocks + head), once the head's items have expired (blocks alone), and finds
 * nothing once retention has deleted the blocks.
 */
class StorageCycleOnEmulatorTest {
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;
    private static final long T0 = 1_767_225_600_000L / (48 * HOUR) * (48 * HOUR);
    private static final long DATA_END = T0 + 36 * HOUR;
    private static final List<String> CORPUS = List.of(
            "requests_total",
            "sum by (job) (rate(requests_total[10m]))",
            "increase(requests_total[3h])",
            "max_over_time(queue_length[1h])",
            "queue_length offset 5h");

    @Test
    void ingestCompactMergeExpireAndQueryThroughTheFunctions() throws Exception {
        AwsEndpoint endpoint = AwsEmulator.endpoint();
        AwsResources resources = new AwsResources(endpoint);
        AwsResources.HeadTables tables = resources.createHeadTables();
        AwsResources.QueueWithDeadLetters queue = resources.createQueue(Duration.ofSeconds(30), 5);
        Map<String, String> environment = Map.of(
                AwsSettings.REGION, endpoint.region().id(),
                AwsSettings.ENDPOINT_URL, endpoint.uri().toString(),
                AwsSettings.SERIES_TABLE, tables.seriesTable(),
                AwsSettings.SEGMENTS_TABLE, tables.segmentsTable(),
                AwsSettings.BUCKET, resources.createBucket(),
                AwsSettings.QUEUE_URL, queue.queueUrl(),
                CompactionEnvironment.HEAD_RETENTION, "6h",
                CompactionEnvironment.LEVELS, "6h,24h",
                CompactionEnvironment.RETENTION, "3d");
        try (AwsClients clients = new AwsClients(new AwsSettings(environment), endpoint.credentials())) {
            ingest(clients, endpoint, queue);
            QueryFunction query = new QueryFunction(QueryWiring.from(clients));
            Map<String, String> headOnly = answers(query);
            assertThat(headOnly.get("requests_total")).contains("\"job\":\"api\"");

            CompactionFunction compaction = new CompactionFunction(
                    CompactionWiring.from(clients, CompactionEnvironment.settings(environment)), Clock.systemUTC());
            long samplesCompacted = 0;
            // Every 2 h (the schedule is every 15 min; fewer ticks keep the test fast and each one
            // finds the window that closed since the one before).
            for (long now = T0 + 3 * HOUR; now <= T0 + 39 * HOUR; now += 2 * HOUR) {
                Map<String, Object> summary = compaction.handleRequest(tick(now), null);
                assertThat(summary.get("failures")).asList().isEmpty();
                samplesCompacted += (Long) summary.get("samplesCompacted");
            }
            ObjectStore objects = clients.objectStore();
            assertThat(new BlockIndex(objects).blocks()).extracting(BlockMeta::level, BlockMeta::minTime, BlockMeta::maxTime)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(3, T0, T0 + 24 * HOUR),
                            org.assertj.core.groups.Tuple.tuple(2, T0 + 24 * HOUR, T0 + 30 * HOUR),
                            org.assertj.core.groups.Tuple.tuple(2, T0 + 30 * HOUR, DATA_END));
            assertThat(samplesCompacted).isEqualTo(36 * 60 * 6);
            assertThat(answers(query)).isEqualTo(headOnly);

            // DynamoDB's TTL removes the head's items once expiresAt passes (moto does not: do it here).
            int expired = expireHead(clients, tables.segmentsTable(), (DATA_END + Duration.ofHours(6).toMillis()) / 1000 + 1);
            assertThat(expired).isPositive();
            assertThat(answers(query)).isEqualTo(headOnly);

            // Retention (3 d): every block ended at least 3 d before this run.
            Map<String, Object> last = compaction.handleRequest(tick(DATA_END + Duration.ofDays(3).toMillis()), null);
            assertThat(last.get("blocksExpired")).isEqualTo(3);
            assertThat(objects.list("blocks/")).containsExactly(BlockIndex.KEY);
            assertThat(answers(query).get("requests_total")).isEqualTo("{\"resultType\":\"vector\",\"result\":[]}".repeat(3));
        }
    }

    /** Six counters and a gauge every minute for 36 h, one remote-write message per hour, through SQS and the ingest function. */
    private static void ingest(AwsClients clients, AwsEndpoint endpoint, AwsResources.QueueWithDeadLetters queue) {
        QueueAppendable sink = new QueueAppendable(clients.messageQueue(), clients.objectStore());
        Random random = new Random(11);
        double[] counters = new double[5];
        for (long hour = T0; hour < DATA_END; hour += HOUR) {
            Appender appender = sink.appender();
            for (long time = hour + 3_000; time < hour + HOUR; time += MINUTE) {
                for (int series = 0; series < counters.length; series++) {
                    counters[series] += random.nextInt(100);
                    appender.append(Labels.of("__name__", "requests_total", "job", series % 2 == 0 ? "api" : "web",
                            "instance", "i-" + series), time, counters[series]);
                }
                appender.append(Labels.of("__name__", "queue_length", "job", "worker"), time, random.nextInt(50));
            }
            appender.commit();
        }
        IngestFunction ingest = new IngestFunction(IngestWiring.from(clients));
        var deliveries = SqsEventSourceHarness.of(clients.sqs(), endpoint, queue)
                .drain(event -> ingest.handleRequest(event, null), Duration.ofSeconds(1));
        assertThat(deliveries).isNotEmpty()
                .allSatisfy(delivery -> assertThat(delivery.response().getBatchItemFailures()).isEmpty());
    }

    private static int expireHead(AwsClients clients, String table, long nowEpochSecond) {
        int deleted = 0;
        for (var page : clients.dynamoDb().scanPaginator(request -> request.tableName(table))) {
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue expiresAt = item.get(AwsResources.TTL_ATTRIBUTE);
                if (expiresAt != null && Long.parseLong(expiresAt.n()) < nowEpochSecond) {
                    clients.dynamoDb().deleteItem(request -> request.tableName(table).key(Map.of(
                            AwsResources.PARTITION_KEY, item.get(AwsResources.PARTITION_KEY),
                            AwsResources.SORT_KEY, item.get(AwsResources.SORT_KEY))));
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static ScheduledEvent tick(long time) {
        ScheduledEvent event = new ScheduledEvent();
        event.setTime(new DateTime(time));
        return event;
    }

    /** The corpus as instant queries at three times and as one range query, by the JSON each returns. */
    private static Map<String, String> answers(QueryFunction query) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String expression : CORPUS) {
            String encoded = URLEncoder.encode(expression, StandardCharsets.UTF_8);
            StringBuilder instants = new StringBuilder();
            for (long time : new long[] {T0 + 5 * HOUR + 17_000, T0 + 24 * HOUR + 13, DATA_END - 3 * MINUTE}) {
                instants.append(data(query, "/api/v1/query", "query=" + encoded + "&time=" + time / 1000.0));
            }
            answers.put(expression, instants.toString());
            answers.put("range " + expression, data(query, "/api/v1/query_range", "query=" + encoded
                    + "&start=" + (T0 + 11 * MINUTE) / 1000.0 + "&end=" + (DATA_END + HOUR) / 1000.0 + "&step=420"));
        }
        answers.put("series", data(query, "/api/v1/series", "match[]=requests_total&start=" + T0 / 1000 + "&end=" + DATA_END / 1000));
        return answers;
    }

    private static String data(QueryFunction query, String path, String rawQuery) {
        APIGatewayV2HTTPResponse response = query.handleRequest(ApiGatewayEvents.get(path, rawQuery), null);
        String body = ApiGatewayEvents.body(response);
        assertThat(response.getStatusCode()).as(body).isEqualTo(200);
        int data = body.indexOf("\"data\":");
        return body.substring(data + 7, body.lastIndexOf('}'));
    }
}
