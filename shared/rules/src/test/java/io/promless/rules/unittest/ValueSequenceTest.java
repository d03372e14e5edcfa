package io.promless.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.StaleMarker;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueSequenceTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1                 | 1.0
            1 2 3             | 1.0,2.0,3.0
            1+2x3             | 1.0,3.0,5.0,7.0
            10-1.5x2          | 10.0,8.5,7.0
            0x10              | 0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0
            _ 1 _x2 2         | null,1.0,null,null,2.0
            -1e3 Inf -Inf     | -1000.0,Infinity,-Infinity
            2.9999999999999996 | 2.9999999999999996
            """)
    void expandsTheNotation(String text, String expected) {
        List<Double> values = ValueSequence.parse(text);
        List<Double> wanted = Arrays.stream(expected.split(",")).map(v -> v.equals("null") ? null : Double.valueOf(v)).toList();
        assertThat(values).isEqualTo(wanted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1+2         | missing xN
            abc         | bad value item
            {{sum:1}}   | native histogram
            1x99999999999 | bad repetition
            1x20000000  | exceeds
            """)
    void rejectsBadItems(String text, String message) {
        assertThatThrownBy(() -> ValueSequence.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void staleIsTheStaleMarker() {
        assertThat(StaleMarker.isStale(ValueSequence.parse("1 stale").get(1))).isTrue();
    }
}
