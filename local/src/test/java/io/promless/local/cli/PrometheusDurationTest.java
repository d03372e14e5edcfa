package io.promless.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusDurationTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "0, 0",
            "0s, 0",
            "1ms, 1",
            "90s, 90000",
            "5m, 300000",
            "1h30m, 5400000",
            "15d, 1296000000",
            "2w, 1209600000",
            "1y, 31536000000",
            "1d10h17m36s789ms, 123456789",
            "1y1w1d1h1m1s1ms, 32230861001",
    })
    void parsesPrometheusDurations(String text, long millis) {
        assertThat(PrometheusDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", "abc", "15", "1.5h", "-1h", "1h1d", "1m1m", "1ms1s", "h", "1 h", "1H", "15D", "1s "})
    void rejectsWhatPrometheusRejects(String text) {
        assertThatThrownBy(() -> PrometheusDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid duration string: \"" + text + "\"");
    }

    @ParameterizedTest(name = "\"{0}\" overflows")
    @ValueSource(strings = {"99999999999999999999s", "300000000y"})
    void rejectsOverflow(String text) {
        assertThatThrownBy(() -> PrometheusDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
            "15d, 15d",
            "14d, 2w",
            "365d, 1y",
            "1y1d, 366d",
            "1d12h, 1d12h",
            "90ms, 90ms",
            "90s, 1m30s",
            "1y2w3d4h5m6s7ms, 382d4h5m6s7ms",
            "0, 0s",
    })
    void formatsAsPrometheusDoesWithYearsAndWeeksOnlyWhenExact(String text, String formatted) {
        assertThat(PrometheusDuration.format(PrometheusDuration.parse(text))).isEqualTo(formatted);
        assertThat(PrometheusDuration.parse(formatted)).isEqualTo(PrometheusDuration.parse(text));
    }
}
