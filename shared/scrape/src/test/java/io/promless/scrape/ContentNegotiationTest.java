package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionFormat;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Content negotiation, compression and honor_labels as Prometheus 3 does them, against a real
 * local HTTP target and the production parsers, one table per concern.
 */
class ContentNegotiationTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String TEXT = "# TYPE temperature gauge\ntemperature{room=\"a\"} 21.5\n";
    private static final String OPENMETRICS = "# TYPE temperature gauge\ntemperature{room=\"a\"} 21.5\n# EOF\n";

    private TestTargets targets;
    private RecordingAppendable sink;
    private ScrapeEngine engine;

    @BeforeEach
    void start() throws IOException {
        targets = new TestTargets();
        sink = new RecordingAppendable();
        engine = new ScrapeEngine(sink, type -> ExpositionFormat.fromContentType(type).parser(), () -> 0L);
    }

    @AfterEach
    void stop() {
        engine.close();
        targets.close();
    }

    private ScrapeResult scrape(String path, String jobOptions) {
        String yaml = """
                scrape_configs:
                  - job_name: negotiation
                    metrics_path: %s
                %s
                    static_configs: [{targets: ['%s']}]
                """.formatted(path, jobOptions.indent(4).stripTrailing(), targets.address());
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        return new ScrapeService(config, engine).scrapeAll(NOW).get(0);
    }

    @Test
    void acceptHeaderFollowsScrapeProtocolsInOrder() {
        record Case(String options, String accept, String acceptEncoding) {}
        List<Case> cases = List.of(
                new Case("", "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                        + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2", "gzip"),
                new Case("scrape_protocols: [PrometheusText0.0.4, OpenMetricsText0.0.1]",
                        "text/plain;version=0.0.4;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,*/*;q=0.4", "gzip"),
                new Case("scrape_protocols: [OpenMetricsText1.0.0]\nenable_compression: false",
                        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,*/*;q=0.5", "identity"));
        targets.route("/metrics", TestTargets.Route.ok(TEXT));
        for (Case c : cases) {
            assertThat(scrape("/metrics", c.options()).up()).as(c.options()).isTrue();
            assertThat(targets.lastHeaders("/metrics").get("Accept")).as(c.options()).containsExactly(c.accept());
            assertThat(targets.lastHeaders("/metrics").get("Accept-encoding")).as(c.options()).containsExactly(c.acceptEncoding());
        }
    }

    @Test
    void theContentTypeDecidesTheParserAndAMissingOrUnknownOneNeedsAFallback() {
        record Case(String contentType, String body, boolean gzip, String options, boolean up, String error) {}
        List<Case> cases = List.of(
                new Case("text/plain; version=0.0.4; charset=utf-8", TEXT, false, "", true, null),
                new Case("text/plain", TEXT, false, "", true, null),
                new Case("application/openmetrics-text; version=1.0.0; charset=utf-8", OPENMETRICS, false, "", true, null),
                new Case("Application/OpenMetrics-Text; version=1.0.0", OPENMETRICS, false, "", true, null),
                new Case("text/plain; version=0.0.4", TEXT, true, "", true, null),
                new Case(null, TEXT, false, "", false,
                        "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target"),
                new Case(null, TEXT, false, "fallback_scrape_protocol: PrometheusText0.0.4", true, null),
                new Case(null, OPENMETRICS, true, "fallback_scrape_protocol: OpenMetricsText1.0.0", true, null),
                new Case("application/json", TEXT, false, "", false,
                        "received unsupported Content-Type \"application/json\" and no fallback_scrape_protocol specified for target"),
                new Case("text/html; charset=utf-8", TEXT, false, "fallback_scrape_protocol: PrometheusText0.0.4", true, null),
                // The fallback picks the parser: an OpenMetrics body without # EOF is malformed.
                new Case("application/json", TEXT, false, "fallback_scrape_protocol: OpenMetricsText1.0.0", false, "EOF"));
        int index = 0;
        for (Case c : cases) {
            String path = "/case-" + index++;
            TestTargets.Route route = TestTargets.Route.ok(c.body()).withContentType(c.contentType());
            targets.route(path, c.gzip() ? route.gzipped() : route);

            ScrapeResult result = scrape(path, c.options());

            String description = c.contentType() + " gzip=" + c.gzip() + " " + c.options();
            assertThat(result.up()).as(description).isEqualTo(c.up());
            if (c.up()) {
                assertThat(result.samplesScraped()).as(description).isEqualTo(1);
            } else {
                assertThat(result.error()).as(description).hasValueSatisfying(error -> assertThat(error).contains(c.error()));
            }
        }
        // Each case's service ends the previous case's target, which writes its staleness markers.
        assertThat(sink.named("temperature").stream().filter(sample -> !StaleMarker.isStale(sample.value())))
                .hasSize((int) cases.stream().filter(Case::up).count())
                .allSatisfy(sample -> assertThat(sample.value()).isEqualTo(21.5));
    }

    @Test
    void honorLabelsTreatsALabelSetToEmptyAsSet() {
        // The Pushgateway exposes instance="" for a group pushed without an instance.
        targets.route("/metrics", TestTargets.Route.ok("""
                # TYPE pushed gauge
                pushed{job="batch",instance=""} 1
                pushed{job="batch",instance="worker-1"} 2
                pushed{job="",instance="worker-2"} 3
                """));
        record Case(String options, List<Labels> expected) {}
        String target = targets.address();
        List<Case> cases = List.of(
                new Case("honor_labels: true", List.of(
                        Labels.of("__name__", "pushed", "job", "batch"),
                        Labels.of("__name__", "pushed", "job", "batch", "instance", "worker-1"),
                        Labels.of("__name__", "pushed", "instance", "worker-2"))),
                new Case("honor_labels: false", List.of(
                        Labels.of("__name__", "pushed", "job", "negotiation", "instance", target, "exported_job", "batch"),
                        Labels.of("__name__", "pushed", "job", "negotiation", "instance", target, "exported_job", "batch",
                                "exported_instance", "worker-1"),
                        Labels.of("__name__", "pushed", "job", "negotiation", "instance", target, "exported_instance", "worker-2"))));
        for (Case c : cases) {
            sink = new RecordingAppendable();
            engine.close();
            engine = new ScrapeEngine(sink, type -> ExpositionFormat.fromContentType(type).parser(), () -> 0L);

            assertThat(scrape("/metrics", c.options()).up()).isTrue();

            assertThat(sink.named("pushed")).as(c.options()).extracting(RecordingAppendable.Appended::labels)
                    .containsExactlyElementsOf(c.expected());
        }
    }
}
