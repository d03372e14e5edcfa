package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpositionFormatTest {
    static Stream<Arguments> contentTypes() {
        return Stream.of(
                Arguments.of(null, ExpositionFormat.PROMETHEUS_TEXT),
                Arguments.of("", ExpositionFormat.PROMETHEUS_TEXT),
                Arguments.of("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PROMETHEUS_TEXT),
                Arguments.of("text/plain", ExpositionFormat.PROMETHEUS_TEXT),
                Arguments.of("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OPENMETRICS_TEXT),
                Arguments.of("application/openmetrics-text; version=0.0.1", ExpositionFormat.OPENMETRICS_TEXT),
                Arguments.of(" Application/OpenMetrics-Text ;version=1.0.0", ExpositionFormat.OPENMETRICS_TEXT),
                Arguments.of("application/openmetrics-text", ExpositionFormat.OPENMETRICS_TEXT),
                Arguments.of("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                        ExpositionFormat.PROMETHEUS_TEXT),
                Arguments.of("application/json", ExpositionFormat.PROMETHEUS_TEXT),
                Arguments.of(";;;", ExpositionFormat.PROMETHEUS_TEXT));
    }

    @ParameterizedTest(name = "Content-Type [{0}] -> {1}")
    @MethodSource("contentTypes")
    void choosesTheFormatFromTheContentType(String header, ExpositionFormat expected) {
        assertThat(ExpositionFormat.fromContentType(header)).isEqualTo(expected);
    }

    @Test
    void eachFormatHasItsScrapeParser() {
        assertThat(ExpositionFormat.PROMETHEUS_TEXT.parser()).isInstanceOf(PrometheusTextParser.class);
        assertThat(ExpositionFormat.OPENMETRICS_TEXT.parser()).isSameAs(OpenMetricsParser.prometheusCompatible());
        assertThat(OpenMetricsParser.prometheusCompatible().isStrict()).isFalse();
        assertThat(OpenMetricsParser.strict().isStrict()).isTrue();
    }
}
