package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ScrapeConfig;
import io.promless.config.ScrapeProtocol;
import io.promless.model.labels.Labels;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests for the pure pieces: Accept header, timeout header, label merging. */
class ScrapeHelpersTest {
    /**
     * Prometheus 3 counts the weights down from one more than the number of protocols it knows
     * (five), whatever the job lists: its default header starts at q=0.6.
     */
    static Stream<Arguments> acceptHeaders() {
        return Stream.of(
                Arguments.of(ScrapeProtocol.DEFAULTS,
                        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"),
                Arguments.of(List.of(ScrapeProtocol.PROMETHEUS_TEXT_0_0_4), "text/plain;version=0.0.4;q=0.6,*/*;q=0.5"),
                Arguments.of(List.of(ScrapeProtocol.PROMETHEUS_TEXT_1_0_0), "text/plain;version=1.0.0;escaping=underscores;q=0.6,*/*;q=0.5"),
                Arguments.of(List.of(ScrapeProtocol.PROMETHEUS_TEXT_0_0_4, ScrapeProtocol.OPENMETRICS_TEXT_1_0_0),
                        "text/plain;version=0.0.4;q=0.6,application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,*/*;q=0.4"),
                Arguments.of(ScrapeProtocol.DEFAULTS_WITH_NATIVE_HISTOGRAMS,
                        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                                + "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                                + "application/openmetrics-text;version=0.0.1;q=0.4,"
                                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
                                + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1"));
    }

    @ParameterizedTest
    @MethodSource("acceptHeaders")
    void acceptHeader(List<String> protocols, String expected) {
        String escaping = expected.contains("escaping=underscores") ? "underscores" : "allow-utf-8";
        assertThat(AcceptHeader.forProtocols(protocols, escaping)).isEqualTo(expected);
    }

    static Stream<Arguments> timeouts() {
        return Stream.of(
                Arguments.of(Duration.ofSeconds(10), "10"),
                Arguments.of(Duration.ofMillis(500), "0.5"),
                Arguments.of(Duration.ofMillis(1250), "1.25"),
                Arguments.of(Duration.ofMinutes(2), "120"));
    }

    @ParameterizedTest
    @MethodSource("timeouts")
    void timeoutHeader(Duration timeout, String expected) {
        assertThat(ScrapeRequests.timeoutSeconds(timeout)).isEqualTo(expected);
    }

    static Stream<Arguments> labelMerges() {
        Labels target = Labels.of("job", "j", "instance", "h:1");
        return Stream.of(
                Arguments.of(Labels.of("__name__", "m"), target, false, Labels.of("__name__", "m", "job", "j", "instance", "h:1")),
                Arguments.of(Labels.of("__name__", "m", "job", "x"), target, false,
                        Labels.of("__name__", "m", "job", "j", "instance", "h:1", "exported_job", "x")),
                Arguments.of(Labels.of("__name__", "m", "job", "x"), target, true,
                        Labels.of("__name__", "m", "job", "x", "instance", "h:1")),
                Arguments.of(Labels.of("__name__", "m", "instance", "i", "exported_instance", "e"), target, false,
                        Labels.of("__name__", "m", "job", "j", "instance", "h:1", "exported_instance", "e",
                                "exported_exported_instance", "i")),
                Arguments.of(Labels.of("__name__", "m", "job", "j"), target, false,
                        Labels.of("__name__", "m", "job", "j", "instance", "h:1", "exported_job", "j")));
    }

    @ParameterizedTest
    @MethodSource("labelMerges")
    void targetLabels(Labels sample, Labels target, boolean honorLabels, Labels expected) {
        assertThat(TargetLabels.apply(sample, target, honorLabels).toString()).isEqualTo(expected.toString());
    }
}
