package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {
    private static final PrometheusTextParser PARSER = new PrometheusTextParser();

    /** Samples rendered one per line as {@code labels value[@timestamp]}. */
    static String render(RecordingHandler handler) {
        return handler.samples.stream()
                .map(s -> s.labels() + " " + s.value()
                        + (s.timestampMillis() == ScrapeHandler.NO_TIMESTAMP ? "" : " @" + s.timestampMillis()))
                .collect(Collectors.joining("\n"));
    }

    static Stream<Arguments> validBodies() {
        return Stream.of(
                Arguments.of("plain sample", "a 1\n", "{__name__=\"a\"} 1.0"),
                Arguments.of("no final line feed", "a 1", "{__name__=\"a\"} 1.0"),
                Arguments.of("blanks everywhere and a trailing comma", "  a { b = \"c\" , } \t 1  \t 123 \n",
                        "{__name__=\"a\", b=\"c\"} 1.0 @123"),
                Arguments.of("labels without a comma between them", "a{b=\"1\" c=\"2\"} 3", "{__name__=\"a\", b=\"1\", c=\"2\"} 3.0"),
                Arguments.of("value right after the brace", "a{b=\"c\"}1", "{__name__=\"a\", b=\"c\"} 1.0"),
                Arguments.of("labels sorted by name", "a{z=\"1\",b=\"2\",m=\"3\"} 1",
                        "{__name__=\"a\", b=\"2\", m=\"3\", z=\"1\"} 1.0"),
                Arguments.of("label value escapes; unknown escapes kept", "a{b=\"x\\\\y\\\"z\\nw\\q\"} 1",
                        "{__name__=\"a\", b=\"x\\\\y\\\"z\\nw\\\\q\"} 1.0"),
                Arguments.of("quoted metric and label names", "{\"my.metric\", \"label.name\"=\"v\"} 1",
                        "{__name__=\"my.metric\", label.name=\"v\"} 1.0"),
                Arguments.of("quoted metric name after the labels", "{a=\"b\", \"my.metric\"} 1",
                        "{__name__=\"my.metric\", a=\"b\"} 1.0"),
                Arguments.of("quoted label name after a plain metric name", "m{\"a-b\"=\"c\"} 1", "{__name__=\"m\", a-b=\"c\"} 1.0"),
                Arguments.of("special and unusual values",
                        "a +Inf\nb -Inf\nc Inf\nd infinity\ne 1e3\nf .5\ng 5.\nh -0\ni 1E-2\n",
                        "{__name__=\"a\"} Infinity\n{__name__=\"b\"} -Infinity\n{__name__=\"c\"} Infinity\n"
                                + "{__name__=\"d\"} Infinity\n{__name__=\"e\"} 1000.0\n{__name__=\"f\"} 0.5\n"
                                + "{__name__=\"g\"} 5.0\n{__name__=\"h\"} -0.0\n{__name__=\"i\"} 0.01"),
                Arguments.of("NaN", "a NaN\nb nan", "{__name__=\"a\"} NaN\n{__name__=\"b\"} NaN"),
                Arguments.of("comments and blank lines", "# just a comment\n\n#\n# HELP\n#HELP a x\n\t\na 1\n",
                        "{__name__=\"a\"} 1.0"),
                Arguments.of("empty label value is an absent label", "a{b=\"\",c=\"d\"} 1", "{__name__=\"a\", c=\"d\"} 1.0"),
                Arguments.of("NUL and UTF-8 inside a label value", "a{b=\"x\u0000y\u00e9\"} 1", "{__name__=\"a\", b=\"x\\x00y\u00e9\"} 1.0"),
                Arguments.of("largest timestamp", "a 1 9223372036854775807", "{__name__=\"a\"} 1.0 @9223372036854775807"),
                Arguments.of("histogram bounds normalized", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"1e6\"} 1\n"
                                + "h_bucket{le=\"0.0001\"} 1\nh_bucket{le=\"100000\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_bucket{le=\"x\"} 1\n",
                        "{__name__=\"h_bucket\", le=\"1.0\"} 1.0\n{__name__=\"h_bucket\", le=\"1e+06\"} 1.0\n"
                                + "{__name__=\"h_bucket\", le=\"0.0001\"} 1.0\n{__name__=\"h_bucket\", le=\"100000.0\"} 1.0\n"
                                + "{__name__=\"h_bucket\", le=\"+Inf\"} 1.0\n{__name__=\"h_bucket\", le=\"x\"} 1.0"),
                Arguments.of("summary quantiles normalized", "# TYPE s summary\ns{quantile=\"0.50\"} 1\ns{quantile=\"1\"} 2",
                        "{__name__=\"s\", quantile=\"0.5\"} 1.0\n{__name__=\"s\", quantile=\"1.0\"} 2.0"),
                Arguments.of("le of a gauge kept as written", "# TYPE g gauge\ng{le=\"1\"} 1", "{__name__=\"g\", le=\"1\"} 1.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBodies")
    void parses(String description, String body, String expected) throws ExpositionException {
        assertThat(render(RecordingHandler.parse(PARSER, body))).isEqualTo(expected);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("a 1\nb\n", "line 2: expected value after metric, got end of line"),
                Arguments.of("a{b=\"c\",b=\"d\"} 1", "line 1: duplicate label name \"b\""),
                Arguments.of("a{__name__=\"x\"} 1", "line 1: duplicate label name \"__name__\""),
                Arguments.of("a 1\n{b=\"c\"} 1", "line 2: metric name not set"),
                Arguments.of("a{\"x\"} 1", "line 1: metric name already set"),
                Arguments.of("a 1 2 3", "line 1: expected end of line after timestamp, got '3'"),
                Arguments.of("a 1 -2", "line 1: expected timestamp or end of line after value, got '-'"),
                Arguments.of("a 1 1.5", "line 1: expected end of line after timestamp, got '.'"),
                Arguments.of("a 0x1p3", "line 1: invalid number \"0x1p3\" as sample value"),
                Arguments.of("a 1_000", "line 1: invalid number \"1_000\" as sample value"),
                Arguments.of("a +nan", "line 1: invalid number \"+nan\" as sample value"),
                Arguments.of("a 1e400", "line 1: number out of range \"1e400\" as sample value"),
                Arguments.of("a 1\r\n", "line 1: invalid number \"1\r\" as sample value"),
                Arguments.of("a 1 99999999999999999999", "line 1: timestamp out of range"),
                Arguments.of("# TYPE a foo", "line 1: invalid metric type \"foo\""),
                Arguments.of("# TYPE a  counter", "line 1: invalid metric type \" counter\""),
                Arguments.of("# TYPE a", "line 1: invalid metric type \"\""),
                Arguments.of("x 1\n# HELP 1a x", "line 2: expected metric name after HELP, got '1'"),
                Arguments.of("a{b=c} 1", "line 1: expected quoted label value, got 'c'"),
                Arguments.of("a{b=\"c} 1", "line 1: unterminated quoted string"),
                Arguments.of("a{b=\"\\\n\"} 1", "line 1: backslash at the end of a line in a quoted string"),
                Arguments.of("a{,} 1", "line 1: expected label name, got ','"),
                Arguments.of("a{b=\"1\",,} 1", "line 1: expected label name, got ','"),
                Arguments.of("a{b} 1", "line 1: expected '=' after label name, got '}'"),
                Arguments.of("a{\"\"=\"v\"} 1", "line 1: empty label name"),
                Arguments.of("{\"\"} 1", "line 1: empty metric name"),
                Arguments.of("\"a\" 1", "line 1: expected a metric name, '{' or '#' at the start of a line, got '\"'"),
                Arguments.of("a 1\n\u0000b 1", "line 2: expected a metric name, '{' or '#' at the start of a line, got byte 0x00"),
                Arguments.of("a{b=\"1\"}{c=\"2\"} 1", "line 1: expected value after metric, got '{'"),
                Arguments.of("a{b=\u0000\"ssss\"} 1\n", "line 1: expected quoted label value, got byte 0x00"),
                Arguments.of("a{b=\"\u0000", "line 1: unterminated quoted string"),
                Arguments.of("a{b\u0000=\"hiih\"}\t1", "line 1: expected '=' after label name, got byte 0x00"),
                Arguments.of("a\u0000{b=\"ddd\"} 1", "line 1: invalid number \"\u0000\" as sample value"),
                Arguments.of("a 0 1\u0000", "line 1: expected end of line after timestamp, got byte 0x00"),
                Arguments.of("{\"a\", \"b = \"c\"}", "line 1: expected '=' after label name, got 'c'"),
                Arguments.of("{\"a\",b\\nc=\"d\"} 1", "line 1: expected '=' after label name, got '\\'"),
                Arguments.of("empty_label_name{=\"\"} 0", "line 1: expected label name, got '='"),
                Arguments.of("# TYPE #\n", "line 1: expected metric name after TYPE, got '#'"),
                Arguments.of("a true\n", "line 1: invalid number \"true\" as sample value"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidBodies")
    void rejects(String body, String messageStart) {
        assertThatThrownBy(() -> RecordingHandler.parse(PARSER, body))
                .isInstanceOf(ExpositionException.class)
                .hasMessageStartingWith(messageStart);
    }

    /** The UTF-8 example of Prometheus's own parser tests: quoted names hold escapes, braces and newlines. */
    @Test
    void parsesQuotedUtf8NamesWithEscapes() throws ExpositionException {
        RecordingHandler handler = RecordingHandler.parse(PARSER, """
                # HELP "go.gc_duration_seconds" A summary of the GC invocation durations.
                # 	TYPE "go.gc_duration_seconds" summary
                { "go.gc_duration_seconds", quantile= "1.0", a= "b", } 8.3835e-05
                {"go.gc_duration_seconds_count"} 99
                {"Heizölrückstoßabdämpfung 10€ metric with \\"interesting\\" {character\\nchoices}",                "strange©™\\n'quoted' \\"name\\""="6"} 10.0
                """);

        assertThat(handler.metadata).containsExactly(new MetricMetadata("go.gc_duration_seconds", MetricType.SUMMARY,
                "A summary of the GC invocation durations.", ""));
        assertThat(handler.samples).hasSize(3);
        assertThat(handler.samples.get(0).labels().toMap()).containsExactly(
                java.util.Map.entry("__name__", "go.gc_duration_seconds"), java.util.Map.entry("a", "b"),
                java.util.Map.entry("quantile", "1.0"));
        assertThat(handler.samples.get(2).labels().toMap()).containsExactly(
                java.util.Map.entry("__name__", "Heizölrückstoßabdämpfung 10€ metric with \"interesting\" {character\nchoices}"),
                java.util.Map.entry("strange©™\n'quoted' \"name\"", "6"));
    }

    @Test
    void rejectsInvalidUtf8InLabelValuesAndHelp() {
        byte[] labelValue = "a{b=\"\u0001\"} 1".getBytes(StandardCharsets.UTF_8);
        labelValue[5] = (byte) 0xff;
        assertThatThrownBy(() -> PARSER.parse(labelValue, new RecordingHandler()))
                .hasMessageStartingWith("line 1: quoted string is not valid UTF-8");
        byte[] help = "# HELP a x\u0001".getBytes(StandardCharsets.UTF_8);
        help[help.length - 1] = (byte) 0xc3;
        assertThatThrownBy(() -> PARSER.parse(help, new RecordingHandler()))
                .hasMessageStartingWith("line 1: HELP text is not valid UTF-8");
    }

    @Test
    void reportsMetadataOncePerFamilyBeforeItsSamples() throws ExpositionException {
        RecordingHandler handler = RecordingHandler.parse(PARSER, """
                # HELP a The a counter, with \\\\ and \\n and \\q and \\".
                # TYPE a counter
                a 1
                # TYPE b untyped
                # HELP c
                # \tTYPE c gauge
                c 2
                # HELP "my.metric" Quoted.
                """);

        assertThat(handler.metadata).containsExactly(
                new MetricMetadata("a", MetricType.COUNTER, "The a counter, with \\ and \n and \\q and \\\".", ""),
                new MetricMetadata("b", MetricType.UNKNOWN, "", ""),
                new MetricMetadata("c", MetricType.GAUGE, "", ""),
                new MetricMetadata("my.metric", MetricType.UNKNOWN, "Quoted.", ""));
        assertThat(handler.samples).hasSize(2);
    }

    @Test
    void keepsSamplesReportedBeforeAnError() {
        RecordingHandler handler = new RecordingHandler();
        assertThatThrownBy(() -> PARSER.parse("a 1\nb 2\nc x\n".getBytes(StandardCharsets.UTF_8), handler))
                .hasMessageStartingWith("line 3:");
        assertThat(handler.samples).hasSize(2);
    }
}
