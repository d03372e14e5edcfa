package io.promless.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTimeTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "2017-01-17T14:07:44.723715405Z | 2017-01-17T14:07:44.723715405Z",
        "2017-01-17T14:07:44.720Z       | 2017-01-17T14:07:44.72Z",
        "2017-01-17T14:07:44.000001Z    | 2017-01-17T14:07:44.000001Z",
        "2017-01-17T14:07:44Z           | 2017-01-17T14:07:44Z",
        "1970-01-01T00:00:00Z           | 1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z           | 0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z | 9999-12-31T23:59:59.999999999Z",
    })
    void writesRfc3339NanoAsGo(String instant, String expected) {
        assertThat(GoTime.format(Instant.parse(instant))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "null -> {0}")
    @CsvSource("0001-01-01T00:00:00Z")
    void writesGoZeroTimeForNever(String expected) {
        assertThat(GoTime.format(null)).isEqualTo(expected);
    }
}
