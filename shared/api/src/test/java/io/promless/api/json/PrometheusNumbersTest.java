package io.promless.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusNumbersTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1                       | 1",
        "1.5                     | 1.5",
        "-2.5                    | -2.5",
        "0.1                     | 0.1",
        "0.30000000000000004     | 0.30000000000000004",
        "100                     | 100",
        "123456789.123           | 123456789.123",
        "1e20                    | 100000000000000000000",
        "9.99e20                 | 999000000000000000000",
        "1e21                    | 1e+21",
        "1.5e21                  | 1.5e+21",
        "-1.5e21                 | -1.5e+21",
        "1e100                   | 1e+100",
        "1.7976931348623157e308  | 1.7976931348623157e+308",
        "0.000001                | 0.000001",
        "9.99e-7                 | 9.99e-07",
        "1e-7                    | 1e-07",
        "-1.25e-10               | -1.25e-10",
        "4.9e-324                | 5e-324",
        "1e-323                  | 1e-323",
        "2.5e-323                | 2.5e-323",
        "0                       | 0",
        "-0.0                    | -0",
        "NaN                     | NaN",
        "Infinity                | +Inf",
        "-Infinity               | -Inf",
    })
    void formatsValuesLikeGoStrconv(double value, String expected) {
        assertThat(PrometheusNumbers.formatValue(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1435781451781 | 1435781451.781",
        "1435781451780 | 1435781451.780",
        "1435781451000 | 1435781451",
        "1001          | 1.001",
        "1010          | 1.010",
        "5             | 0.005",
        "0             | 0",
        "-5            | -0.005",
        "-1500         | -1.500",
        "-9223372036854775808 | -9223372036854775.808",
    })
    void formatsTimestampsAsPrometheusSeconds(long millis, String expected) {
        assertThat(PrometheusNumbers.formatTimestamp(millis)).isEqualTo(expected);
    }

    /** Observed from Prometheus 2.42's /api/v1/query for scalar queries such as {@code 1e-7}. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1e-7                | 0.0000001",
        "1e21                | 1000000000000000000000",
        "-1.5e-10            | -0.00000000015",
        "0.30000000000000004 | 0.30000000000000004",
        "2.5                 | 2.5",
        "-0.0                | -0",
        "NaN                 | NaN",
        "Infinity            | +Inf",
        "-Infinity           | -Inf",
    })
    void formatsScalarValuesAlwaysInPlainForm(double value, String expected) {
        assertThat(PrometheusNumbers.formatScalarValue(value)).isEqualTo(expected);
    }

    /** Observed from Prometheus 2.42: a scalar at time=1435781451.78 reports 1435781451.78, not .780. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1435781451780 | 1435781451.78",
        "1435781451781 | 1435781451.781",
        "1             | 0.001",
        "-1            | -0.001",
        "123000        | 123",
        "-1000         | -1",
        "0             | 0",
    })
    void formatsScalarTimestampsAsGoJsonFloats(long millis, String expected) {
        assertThat(PrometheusNumbers.formatFloatTimestamp(millis)).isEqualTo(expected);
    }

    /** encoding/json's float64 layout, e.g. a target's lastScrapeDuration in seconds. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.050688943 | 0.050688943",
        "0.002       | 0.002",
        "0           | 0",
        "12          | 12",
        "1e-7        | 1e-7",
        "1.5e21      | 1.5e+21",
        "1e20        | 100000000000000000000",
        "-0.25       | -0.25",
    })
    void formatsGoJsonNumbers(double value, String expected) {
        assertThat(PrometheusNumbers.formatGoJsonNumber(value)).isEqualTo(expected);
    }
}
