package io.promless.functions.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.errors.PromlessException;
import io.promless.exposition.ExpositionParser;
import io.promless.model.labels.Labels;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.ScrapeShard;
import io.promless.scrape.ScrapeTarget;
import io.promless.scrape.TargetHash;
import io.promless.storage.Appender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler over a real service scraping a real local HTTP target. */
class ScrapeFunctionTest {
    private HttpServer server;
    private final List<String> committed = new ArrayList<>();
    private final List<Long> waits = new ArrayList<>();
    private ScrapeFunction function;
    private static final long NOW = 1_700_000_040_000L; // a minute boundary
    private static final long FIVE_MINUTE_BOUNDARY = 1_700_000_100_000L;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = "hello 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        function = functionFor("""
                scrape_configs:
                  - job_name: every-minute
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                  - job_name: every-five-minutes
                    scrape_interval: 5m
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                """);
    }

    private ScrapeFunction functionFor(String yamlTemplate) {
        String yaml = yamlTemplate.formatted(server.getAddress().getPort());
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        ScrapeService service = new ScrapeService(config, new ScrapeEngine(this::appender, contentType -> oneLineParser()));
        return new ScrapeFunction(service, Duration.ofMinutes(1), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), wallMillis -> {
            waits.add(wallMillis);
            return wallMillis;
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Map<String, Object> event(long timeMillis, Object... shard) {
        Map<String, Object> event = new HashMap<>();
        event.put("time", Instant.ofEpochMilli(timeMillis).toString());
        if (shard.length == 2) {
            event.put("shard", shard[0]);
            event.put("shards", shard[1]);
        }
        return event;
    }

    @Test
    void everyMinuteJobsRunEachTriggerAndFiveMinuteJobsOnceInFive() {
        long scraped = 0;
        for (int minute = 0; minute < 5; minute++) {
            long window = FIVE_MINUTE_BOUNDARY + minute * 60_000L;
            Map<String, Object> summary = function.handleRequest(event(window + 1_500), null);
            assertThat(summary).containsEntry("scrapeTimeMillis", window + 1_500).containsEntry("windowStartMillis", window)
                    .containsEntry("shard", 0).containsEntry("shards", 1).containsEntry("roundsSkipped", 0);
            assertThat(committed).contains("hello@" + window, "up@" + window);
            scraped += ((Number) summary.get("targetsScraped")).longValue();
        }
        // Five one-minute scrapes and one five-minute scrape, at the start of some minute.
        assertThat(scraped).isEqualTo(6);
        assertThat(committed).filteredOn(line -> line.startsWith("hello@")).hasSize(6)
                .allSatisfy(line -> assertThat(Long.parseLong(line.substring(6)) % 60_000).isZero());
    }

    @Test
    void subMinuteIntervalsRunAsRoundsStampedAtTheirInstants() {
        function = functionFor("""
                scrape_configs:
                  - job_name: fast
                    scrape_interval: 15s
                    scrape_timeout: 5s
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                """);

        Map<String, Object> summary = function.handleRequest(event(FIVE_MINUTE_BOUNDARY), null);

        assertThat(summary).containsEntry("rounds", 4).containsEntry("targetsScraped", 4).containsEntry("targetsUp", 4L);
        List<Long> stamps = committed.stream().filter(line -> line.startsWith("hello@"))
                .map(line -> Long.parseLong(line.substring(6))).sorted().toList();
        assertThat(stamps).hasSize(4);
        for (int i = 1; i < 4; i++) {
            assertThat(stamps.get(i) - stamps.get(i - 1)).isEqualTo(15_000);
        }
        assertThat(waits).containsExactlyElementsOf(stamps);
    }

    @Test
    void eachShardScrapesItsOwnTargetsOnly() {
        function = functionFor("""
                scrape_configs:
                  - job_name: many
                    static_configs:
                      - {targets: ['127.0.0.1:%1$d'], labels: {replica: a}}
                      - {targets: ['127.0.0.1:%1$d'], labels: {replica: b}}
                      - {targets: ['127.0.0.1:%1$d'], labels: {replica: c}}
                      - {targets: ['127.0.0.1:%1$d'], labels: {replica: d}}
                      - {targets: ['127.0.0.1:%1$d'], labels: {replica: e}}
                      - {targets: ['127.0.0.1:%1$d'], labels: {replica: f}}
                """);
        long total = 0;
        for (int shard = 0; shard < 3; shard++) {
            // Numbers arrive as JSON numbers from the scheduler, strings from a hand-made event.
            Map<String, Object> summary = function.handleRequest(event(FIVE_MINUTE_BOUNDARY, shard, shard == 1 ? "3" : 3), null);
            assertThat(summary).containsEntry("shard", shard).containsEntry("shards", 3);
            total += ((Number) summary.get("targetsScraped")).longValue();
        }
        assertThat(total).isEqualTo(6);
    }

    @Test
    void roundsThatWouldOutliveTheLambdaAreSkipped() {
        function = functionFor("""
                scrape_configs:
                  - job_name: fast
                    scrape_interval: 10s
                    scrape_timeout: 5s
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                """);

        // 20 s left at the window's start: rounds whose scrape could end past 18 s are skipped.
        Map<String, Object> summary = function.handleRequest(event(NOW), new RemainingTime(20_000));

        assertThat(summary.get("rounds")).isIn(1, 2);
        assertThat((Integer) summary.get("rounds") + (Integer) summary.get("roundsSkipped")).isEqualTo(6);
    }

    @Test
    void eventWithoutTimeUsesTheClock() {
        Map<String, Object> summary = function.handleRequest(new HashMap<>(), null);

        assertThat(summary).containsEntry("scrapeTimeMillis", NOW).containsEntry("windowStartMillis", NOW)
                .containsEntry("shards", 1);
        assertThat(function.handleRequest(null, null)).containsEntry("scrapeTimeMillis", NOW);
    }

    @Test
    void malformedEventsAreRejectedByField() {
        record Case(Map<String, Object> event, String message) {}
        List<Case> cases = List.of(
                new Case(Map.of("time", "yesterday"), "\"time\" is not an ISO-8601 instant: yesterday"),
                new Case(Map.of("shard", "one", "shards", 2), "\"shard\" is not an integer: one"),
                new Case(Map.of("shard", 2, "shards", 2), "shard index must be in [0, 2), got 2"),
                new Case(Map.of("shard", 0, "shards", 0), "shard count must be at least 1, got 0"));
        for (Case c : cases) {
            assertThatThrownBy(() -> function.handleRequest(c.event(), null)).isInstanceOf(PromlessException.class)
                    .hasMessageContaining(c.message());
        }
    }

    @Test
    void eventsNamingAnotherShardCountThanTheFunctionsAreRefused() {
        String yaml = "scrape_configs: [{job_name: j, static_configs: [{targets: ['127.0.0.1:%d']}]}]"
                .formatted(server.getAddress().getPort());
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        ScrapeFunction threeShards = new ScrapeFunction(
                new ScrapeService(config, new ScrapeEngine(this::appender, contentType -> oneLineParser())),
                Duration.ofMinutes(1), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), wallMillis -> wallMillis, 3);

        assertThat(threeShards.handleRequest(event(NOW, 1, 3), null)).containsEntry("shards", 3);
        assertThatThrownBy(() -> threeShards.handleRequest(event(NOW, 1, 2), null)).isInstanceOf(PromlessException.class)
                .hasMessageContaining("scrape event names 2 shards but the function has PROMLESS_SCRAPE_SHARDS=3");
    }

    @Test
    void stateGroupsFollowTheShardsSoOnlyOneInvocationWritesEach() {
        assertThat(ScrapeWiring.scrapeShards(Map.of())).isEqualTo(1);
        assertThat(ScrapeWiring.scrapeShards(Map.of("PROMLESS_SCRAPE_SHARDS", " 4 "))).isEqualTo(4);
        for (String bad : List.of("0", "-1", "four", "")) {
            assertThatThrownBy(() -> ScrapeWiring.scrapeShards(Map.of("PROMLESS_SCRAPE_SHARDS", bad)))
                    .isInstanceOf(PromlessException.class).hasMessageContaining("PROMLESS_SCRAPE_SHARDS must be a positive integer");
        }
        String yaml = "scrape_configs: [{job_name: j, static_configs: [{targets: ['a:1', 'b:2', 'c:3', 'd:4', 'e:5']}]}]";
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        ScrapeService service = new ScrapeService(config, new ScrapeEngine(this::appender, contentType -> oneLineParser()));
        for (ScrapeTarget target : service.targets()) {
            int shard = TargetHash.of(target).shard(3);
            assertThat(ScrapeWiring.stateGroup(target, 3)).isEqualTo("shard-" + shard + "-of-3");
            assertThat(new ScrapeShard(shard, 3).owns(target)).isTrue();
        }
    }

    private Appender appender() {
        return new Appender() {
            private final List<String> pending = new ArrayList<>();

            @Override
            public void append(Labels labels, long timestamp, double value) {
                pending.add(labels.metricName() + "@" + timestamp);
            }

            @Override
            public void commit() {
                synchronized (committed) {
                    committed.addAll(pending);
                }
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    /** Enough of the text format for a body of {@code name value} lines. */
    private static ExpositionParser oneLineParser() {
        return (body, handler) -> {
            for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.split(" ");
                handler.sample(Labels.of("__name__", parts[0]), Double.parseDouble(parts[1]), Long.MIN_VALUE);
            }
        };
    }

    /** A Lambda context that only knows how much time is left. */
    private record RemainingTime(int millis) implements com.amazonaws.services.lambda.runtime.Context {
        @Override public String getAwsRequestId() { return "test"; }
        @Override public String getLogGroupName() { return "test"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "scrape"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:scrape"; }
        @Override public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
        @Override public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return millis; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return null; }
    }
}
