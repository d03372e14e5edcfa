package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {
    private static double parse(String text) throws Numbers.InvalidNumberException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Numbers.parseFloat(bytes, 0, bytes.length);
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of("1", 1.0), Arguments.of("-0", -0.0), Arguments.of("+5", 5.0), Arguments.of("1e3", 1000.0),
                Arguments.of("1E3", 1000.0), Arguments.of(".5", 0.5), Arguments.of("5.", 5.0), Arguments.of("1.5e-3", 0.0015),
                Arguments.of("+Inf", Double.POSITIVE_INFINITY), Arguments.of("-inf", Double.NEGATIVE_INFINITY),
                Arguments.of("Infinity", Double.POSITIVE_INFINITY), Arguments.of("INF", Double.POSITIVE_INFINITY),
                Arguments.of("nan", Numbers.NORMAL_NAN), Arguments.of("NaN", Numbers.NORMAL_NAN),
                Arguments.of("0000000000000000000000000000000000000000001.2e-1", 0.12),
                Arguments.of("9223372036854775808", 9.223372036854775808E18),
                Arguments.of("1.7976931348623157e308", Double.MAX_VALUE), Arguments.of("4.9e-324", Double.MIN_VALUE),
                Arguments.of("1e-400", 0.0), Arguments.of("123456789012345678901234567890", 1.2345678901234568E29),
                Arguments.of("0.1", 0.1), Arguments.of("3.141592653589793", Math.PI),
                Arguments.of("12345678901234567890.1234567890", 1.2345678901234567E19));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbers")
    void parsesTheGoAndOpenMetricsGrammar(String text, double expected) throws Numbers.InvalidNumberException {
        assertThat(Double.doubleToRawLongBits(parse(text))).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "+", "-", ".", "e5", "1e", "1e+", "0x10", "0x1p3", "1_0", "+nan", "-NaN", "infin",
            "infinit", "1.2.3", "--1", " 1", "1 ", "1d", "1f", "0b1", "1,5"})
    void rejectsOtherSpellings(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(Numbers.InvalidNumberException.class);
    }

    @Test
    void rejectsValuesBeyondTheDoubleRange() {
        assertThatThrownBy(() -> parse("1e400")).hasMessage("number out of range");
        assertThatThrownBy(() -> parse("-1.8e308")).hasMessage("number out of range");
    }

    /** The fast path must round exactly as the JDK's correctly rounded parser does. */
    @Test
    void agreesWithTheJdkOnRandomDecimals() throws Numbers.InvalidNumberException {
        Random random = new Random(42);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) {
                text.append('-');
            }
            int integerDigits = random.nextInt(12);
            for (int d = 0; d < integerDigits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            int fractionDigits = random.nextInt(integerDigits == 0 ? 1 : 0, 12);
            if (fractionDigits > 0 || random.nextBoolean()) {
                text.append('.');
            }
            for (int d = 0; d < fractionDigits; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(4) == 0) {
                text.append('e').append(random.nextInt(-30, 30));
            }
            String candidate = text.toString();
            if (candidate.equals("-.") || candidate.equals(".") || candidate.startsWith("-e") || candidate.startsWith(".e")
                    || candidate.startsWith("-.e")) {
                continue;
            }
            if (Double.doubleToLongBits(parse(candidate)) != Double.doubleToLongBits(Double.parseDouble(candidate))) {
                disagreements.add(candidate);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    static Stream<Arguments> canonical() {
        return Stream.of(
                Arguments.of(1.0, "1.0"), Arguments.of(0.0, "0.0"), Arguments.of(-1.0, "-1.0"), Arguments.of(0.001, "0.001"),
                Arguments.of(0.0001, "0.0001"), Arguments.of(1e-5, "1e-05"), Arguments.of(1e-10, "1e-10"),
                Arguments.of(100000.0, "100000.0"), Arguments.of(1e6, "1e+06"), Arguments.of(1e10, "1e+10"),
                Arguments.of(1.1e23, "1.1e+23"), Arguments.of(0.95, "0.95"), Arguments.of(1.7, "1.7"),
                Arguments.of(10.0, "10.0"), Arguments.of(123456.0, "123456.0"), Arguments.of(1234567.0, "1.234567e+06"),
                Arguments.of(-0.5, "-0.5"), Arguments.of(1.55555555555552e+06, "1.55555555555552e+06"),
                Arguments.of(364.5, "364.5"), Arguments.of(2.5e-5, "2.5e-05"), Arguments.of(1e100, "1e+100"),
                Arguments.of(0.1 + 0.2, "0.30000000000000004"), Arguments.of(Double.NaN, "NaN"),
                Arguments.of(Double.POSITIVE_INFINITY, "+Inf"), Arguments.of(Double.NEGATIVE_INFINITY, "-Inf"));
    }

    /** Go's shortest %g plus ".0", as in the OpenMetrics canonical-number examples. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("canonical")
    void formatsCanonicalBounds(double value, String expected) {
        assertThat(Numbers.formatOpenMetricsFloat(value)).isEqualTo(expected);
    }
}
