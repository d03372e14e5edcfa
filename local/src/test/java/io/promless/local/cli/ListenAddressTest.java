package io.promless.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:9090 | 127.0.0.1 | 9090 | 127.0.0.1",
            "0.0.0.0:9091   | 0.0.0.0   | 9091 | 0.0.0.0",
            ":9090          | ''        | 9090 | 0.0.0.0",
            "localhost:0    | localhost | 0    | localhost",
            "[::1]:9090     | ::1       | 9090 | ::1",
    })
    void parsesHostAndPort(String text, String host, int port, String bindHost) {
        ListenAddress address = ListenAddress.parse(text);
        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
        assertThat(address.bindHost()).isEqualTo(bindHost);
        assertThat(address.toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"9090", "localhost", "host:http", "host:", "host:70000", "host:-1", "::1:9090"})
    void rejectsAddressesWithoutAUsablePort(String text) {
        assertThatThrownBy(() -> ListenAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listen address \"" + text + "\"");
    }
}
