package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusDurationTest {
    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
        "0, 0s",
        "1, 1ms",
        "1500, 1s500ms",
        "15000, 15s",
        "60000, 1m",
        "90000, 1m30s",
        "3600000, 1h",
        "5400000, 1h30m",
        "86400000, 1d",
        "604800000, 1w",
        "7776000000, 90d",
        "1209600000, 2w",
        "31536000000, 1y",
        "31622400000, 366d",
    })
    void formatsAsPrometheusModelDuration(long millis, String expected) {
        assertThat(PrometheusDuration.format(millis)).isEqualTo(expected);
        assertThat(PrometheusDuration.parseNanos(expected)).hasValue(millis * 1_000_000);
    }
}
