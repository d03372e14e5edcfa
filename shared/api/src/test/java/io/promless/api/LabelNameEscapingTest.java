package io.promless.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelNameEscapingTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "job                     | job",
        "U__http_2e_method       | http.method",
        "U__a__b                 | a_b",
        "U__service_2e_name__x   | service.name_x",
        "U___1f600_              | \uD83D\uDE00",
        "U___E9_t_e9_            | été",
        "U__bad_zz_              | U__bad_zz_",
        "U__trailing_            | U__trailing_",
        "U__open_2e              | U__open_2e",
        "U___1234567_            | U___1234567_",
        "U___d800_               | U___d800_",
        "U___110000_             | U___110000_",
    })
    void unescapesPrometheusValueEncoding(String escaped, String expected) {
        assertThat(LabelNameEscaping.unescape(escaped)).isEqualTo(expected);
    }
}
