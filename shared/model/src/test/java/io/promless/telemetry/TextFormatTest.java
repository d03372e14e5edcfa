package io.promless.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.MetricType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TextFormatTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(0.0, "0"),
                Arguments.of(-0.0, "0"),
                Arguments.of(42.0, "42"),
                Arguments.of(-3.0, "-3"),
                Arguments.of(0.25, "0.25"),
                Arguments.of(1e-4, "1.0E-4"),
                Arguments.of(1e20, "1.0E20"),
                Arguments.of(Double.POSITIVE_INFINITY, "+Inf"),
                Arguments.of(Double.NEGATIVE_INFINITY, "-Inf"),
                Arguments.of(Double.NaN, "NaN"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("values")
    void formatsValuesAsPrometheusParsesThem(double value, String text) {
        assertThat(TextFormat.formatValue(value)).isEqualTo(text);
    }

    @Test
    void escapesHelpAndLabelValuesAsVersion004Requires() {
        MetricFamilySnapshot family = new MetricFamilySnapshot(
                "promless_odd", "a \\ backslash\nand a newline \"quoted\"", MetricType.GAUGE,
                List.of(new MetricSample("promless_odd", List.of("path"), List.of("C:\\dir \"x\"\nnext"), 1)));

        assertThat(TextFormat.toText(List.of(family))).isEqualTo("""
                # HELP promless_odd a \\\\ backslash\\nand a newline "quoted"
                # TYPE promless_odd gauge
                promless_odd{path="C:\\\\dir \\"x\\"\\nnext"} 1
                """);
    }

    @Test
    void typesWithoutAVersion004NameAreUntyped() {
        MetricFamilySnapshot family = new MetricFamilySnapshot(
                "promless_info", "Info.", MetricType.INFO, List.of(new MetricSample("promless_info", List.of(), List.of(), 1)));
        assertThat(TextFormat.toText(List.of(family))).contains("# TYPE promless_info untyped\n");
    }

    @Test
    void contentTypeNamesTheVersion() {
        assertThat(TextFormat.CONTENT_TYPE).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }
}
