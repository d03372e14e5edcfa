package io.promless.functions.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.sun.net.httpserver.HttpServer;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionParser;
import io.promless.model.labels.Labels;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeService;
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
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler over a real service scraping a real local HTTP target. */
class ScrapeFunctionTest {
    private HttpServer server;
    private final List<String> committed = new ArrayList<>();
    private ScrapeFunction function;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = "hello 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String yaml = """
                scrape_configs:
                  - job_name: every-minute
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                  - job_name: every-five-minutes
                    scrape_interval: 5m
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                """.formatted(server.getAddress().getPort());
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        ScrapeService service = new ScrapeService(config, new ScrapeEngine(this::appender, contentType -> oneLineParser()));
        function = new ScrapeFunction(service, Duration.ofMinutes(1),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_040_000L), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void scrapesTheTargetsDueAtTheEventTime() {
        ScheduledEvent event = new ScheduledEvent();
        event.setTime(new DateTime(1_700_000_100_000L)); // a 5-minute boundary

        Map<String, Object> summary = function.handleRequest(event, null);

        assertThat(summary).containsEntry("scrapeTimeMillis", 1_700_000_100_000L)
                .containsEntry("targetsScraped", 2)
                .containsEntry("targetsUp", 2L)
                .containsEntry("targetsDown", 0L)
                .containsEntry("samples", 2L);
        assertThat(committed).contains("hello@1700000100000", "up@1700000100000");
    }

    @Test
    void eventWithoutTimeUsesTheClockAndSkipsJobsNotDue() {
        Map<String, Object> summary = function.handleRequest(new ScheduledEvent(), null);

        assertThat(summary).containsEntry("scrapeTimeMillis", 1_700_000_040_000L).containsEntry("targetsScraped", 1);
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
}
