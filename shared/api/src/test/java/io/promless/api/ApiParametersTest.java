package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiParametersTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1435781451.781                | 1435781451781",
        "1435781451                    | 1435781451000",
        "1435781451.7815               | 1435781451782",
        "1435781451.7814               | 1435781451781",
        "1.5e3                         | 1500000",
        "+12                           | 12000",
        "-1.5                          | -1500",
        "-0.0005                       | -1",
        ".5                            | 500",
        "1_000                         | 1000000",
        "0x_1p4                        | 16000",
        "0x10p0                        | 16000",
        "2015-07-01T20:10:51.781Z      | 1435781451781",
        "2015-07-01T20:10:51Z          | 1435781451000",
        "2015-07-01T22:10:51.781+02:00 | 1435781451781",
        "2015-07-01T20:10:51.7819999Z  | 1435781451781",
        "1969-12-31T23:59:59.999Z      | -1",
        "-292273086-05-16T16:47:06Z    | -9223309901257974000",
        "292277025-08-18T07:12:54.999999999Z | 9223309901257974999",
    })
    void parsesTimesAsPrometheus(String text, long expectedMillis) {
        assertThat(ApiParameters.parseTime(text)).isEqualTo(expectedMillis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "NaN", "Inf", "1e400", "2015-02-30T00:00:00Z", "2015-07-01 20:10:51Z",
        "2015-07-01T20:10:51", "2015-07-01t20:10:51Z", "1__0", "_1", "1_", "1e_5", "1_.5", "0x10", "1s"})
    void refusesWhatGoCannotParse(String text) {
        assertThatThrownBy(() -> ApiParameters.parseTime(text))
                .isInstanceOf(PromlessException.class)
                .hasMessage("cannot parse " + GoQuote.quote(text) + " to a valid timestamp");
    }

    @Test
    void boundaryTextsAreGoRenderingsOfTheBoundaries() {
        assertThat(LocalDateTime.ofEpochSecond(ApiParameters.MIN_TIME_MILLIS / 1000, 0, ZoneOffset.UTC))
                .hasToString("-292273086-05-16T16:47:06");
        assertThat(LocalDateTime.ofEpochSecond(ApiParameters.MAX_TIME_MILLIS / 1000, 999_999_999, ZoneOffset.UTC))
                .hasToString("+292277025-08-18T07:12:54.999999999");
    }

    @Test
    void optionalTimeFallsBackAndNamesItselfWhenBad() {
        RequestParameters parameters = RequestParameters.of(ApiRequest.of("GET", "/", Map.of("start", List.of("soon"))));
        assertThat(ApiParameters.parseTimeParameter(parameters, "end", 42)).isEqualTo(42);
        assertThatThrownBy(() -> ApiParameters.parseTimeParameter(parameters, "start", 42))
                .hasMessage("invalid time value for 'start': cannot parse \"soon\" to a valid timestamp");
    }

    @ParameterizedTest(name = "{0} -> {1} ns")
    @CsvSource(delimiter = '|', value = {
        "15     | 15000000000",
        "1.5    | 1500000000",
        "0.001  | 1000000",
        "-1     | -1000000000",
        "0      | 0",
        "5m     | 300000000000",
        "1h30m  | 5400000000000",
        "5ms    | 5000000",
        "1m5s   | 65000000000",
        "2d     | 172800000000000",
        "1w     | 604800000000000",
        "1y     | 31536000000000000",
    })
    void parsesDurations(String text, long expectedNanos) {
        assertThat(ApiParameters.parseDurationNanos(text)).isEqualTo(expectedNanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.5s", "5s1m", "abc", "5 m", "1000y", "m"})
    void refusesBadDurations(String text) {
        assertThatThrownBy(() -> ApiParameters.parseDurationNanos(text))
                .isInstanceOf(PromlessException.class)
                .hasMessage("cannot parse " + GoQuote.quote(text) + " to a valid duration");
    }

    @Test
    void reportsDurationOverflowAsPrometheusDoes() {
        assertThatThrownBy(() -> ApiParameters.parseDurationNanos("1e30"))
                .hasMessage("cannot parse \"1e30\" to a valid duration. It overflows int64");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"'' | 0", "5 | 5", "+5 | 5", "0 | 0", "99999999999 | 2147483647"})
    void parsesLimits(String text, int expected) {
        assertThat(ApiParameters.parseLimit(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "abc                  | strconv.Atoi: parsing \"abc\": invalid syntax",
        "1.5                  | strconv.Atoi: parsing \"1.5\": invalid syntax",
        "-1                   | limit must be non-negative",
        "99999999999999999999 | strconv.Atoi: parsing \"99999999999999999999\": value out of range",
    })
    void refusesBadLimits(String text, String message) {
        assertThatThrownBy(() -> ApiParameters.parseLimit(text))
                .isInstanceOfSatisfying(PromlessException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_DATA))
                .hasMessage(message);
    }
}
