package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionFormat;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every per-scrape limit against a real HTTP target: the scrape fails with up=0 and Prometheus's error text. */
class ScrapeLimitsTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final String BODY = "short{a=\"b\"} 1\n"
            + "a_metric_name_that_is_longer_than_fifty_characters_for_sure{x=\"1\",y=\"2\",z=\"3\"} 2\n"
            + "with_long_value{label=\"" + "v".repeat(60) + "\\n\"} 3\n";

    private TestTargets targets;
    private RecordingAppendable sink;
    private ScrapeEngine engine;

    @BeforeEach
    void start() throws IOException {
        targets = new TestTargets();
        targets.route("/metrics", TestTargets.Route.ok(BODY));
        sink = new RecordingAppendable();
        engine = new ScrapeEngine(sink, type -> ExpositionFormat.fromContentType(type).parser());
    }

    @AfterEach
    void stop() {
        engine.close();
        targets.close();
    }

    private ScrapeService service(String limits, int targetCount) {
        StringBuilder addresses = new StringBuilder();
        for (int i = 0; i < targetCount; i++) {
            addresses.append(i == 0 ? "" : ", ").append("'").append(targets.address()).append("'");
        }
        String yaml = """
                scrape_configs:
                  - job_name: limited
                %s
                    static_configs:
                      - targets: [%s]
                        labels: {}
                """.formatted(limits.indent(4).stripTrailing(), addresses);
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        return new ScrapeService(config, engine);
    }

    static Stream<Arguments> limits() {
        String longName = "a_metric_name_that_is_longer_than_fifty_characters";
        return Stream.of(
                Arguments.of("no limit", "sample_limit: 0", null),
                Arguments.of("sample_limit at the count", "sample_limit: 3", null),
                Arguments.of("sample_limit", "sample_limit: 2", "sample limit exceeded"),
                Arguments.of("label_limit", "label_limit: 5",
                        "label_limit exceeded (metric: " + longName + ", number of labels: 6, limit: 5)"),
                // As in Prometheus, the metric name is a label like any other for these two limits.
                Arguments.of("label_name_length_limit", "label_name_length_limit: 7",
                        "label_name_length_limit exceeded (metric: short, label name: __name__, length: 8, limit: 7)"),
                Arguments.of("label_value_length_limit", "label_value_length_limit: 60",
                        "label_value_length_limit exceeded (metric: with_long_value, label name: label, value: \""
                                + "v".repeat(50) + "\", length: 61, limit: 60)"),
                Arguments.of("body_size_limit above the body", "body_size_limit: 1KB", null),
                Arguments.of("body_size_limit", "body_size_limit: 100B", "body size limit exceeded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void aLimitFailsTheWholeScrapeWithPrometheusText(String name, String limit, String expectedError) {
        List<ScrapeResult> results = service(limit, 1).scrapeAll(NOW);

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.up()).as("up").isEqualTo(expectedError == null);
            assertThat(result.error()).isEqualTo(java.util.Optional.ofNullable(expectedError));
        });
        double up = sink.named("up").get(0).value();
        assertThat(up).isEqualTo(expectedError == null ? 1.0 : 0.0);
        assertThat(sink.named("short")).hasSize(expectedError == null ? 1 : 0);
    }

    @Test
    void targetLimitFailsEveryTargetOfThePoolWithoutScrapingIt() {
        // Three distinct targets: the same address under different instance labels.
        String yaml = """
                scrape_configs:
                  - job_name: pool
                    target_limit: 2
                    static_configs:
                      - targets: ['%1$s']
                        labels: {instance: one}
                      - targets: ['%1$s']
                        labels: {instance: two}
                      - targets: ['%1$s']
                        labels: {instance: three}
                  - job_name: other
                    target_limit: 1
                    static_configs:
                      - targets: ['%1$s']
                """.formatted(targets.address());
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);

        List<ScrapeResult> results = new ScrapeService(config, engine).scrapeAll(NOW);

        assertThat(results).hasSize(4);
        assertThat(results).filteredOn(result -> result.target().jobName().equals("pool")).hasSize(3).allSatisfy(result -> {
            assertThat(result.up()).isFalse();
            assertThat(result.error()).contains("target_limit exceeded (number of targets: 3, limit: 2)");
            assertThat(result.samplesScraped()).isZero();
        });
        assertThat(results).filteredOn(result -> result.target().jobName().equals("other"))
                .singleElement().satisfies(result -> assertThat(result.up()).isTrue());
        assertThat(sink.named("short")).singleElement().satisfies(sample -> assertThat(sample.labels().get("job")).isEqualTo("other"));
    }

    @Test
    void targetLimitFailureMakesThePreviousSeriesStale() {
        String one = """
                scrape_configs:
                  - job_name: pool
                    target_limit: 1
                    static_configs:
                      - targets: ['%1$s']
                """.formatted(targets.address());
        String two = one + "        labels: {}\n      - targets: ['%1$s']\n        labels: {instance: second}\n".formatted(targets.address());
        ConfigLoader loader = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);
        ScrapeService service = new ScrapeService(loader.parse(one, null), engine);
        service.scrapeAll(NOW);

        List<ScrapeResult> over = service.reload(loader.parse(two, null), NOW + 60_000).scrapeAll(NOW + 60_000);

        assertThat(over).hasSize(2).allSatisfy(result -> assertThat(result.up()).isFalse());
        assertThat(sink.named("short")).filteredOn(RecordingAppendable.Appended::isStale).singleElement()
                .satisfies(sample -> assertThat(sample.timestamp()).isEqualTo(NOW + 60_000));
    }
}
