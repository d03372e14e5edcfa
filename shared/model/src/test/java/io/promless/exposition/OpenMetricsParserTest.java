package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenMetricsParserTest {
    private static final List<OpenMetricsParser> BOTH =
            List.of(OpenMetricsParser.strict(), OpenMetricsParser.prometheusCompatible());

    static Stream<Arguments> validBodies() {
        return Stream.of(
                Arguments.of("timestamps in seconds become milliseconds, truncated",
                        "a 1 1.5\nb 2 -1.5\nc 3 1520879607.789\nd 4 12345678901234567890.1\n# EOF\n",
                        "{__name__=\"a\"} 1.0 @1500\n{__name__=\"b\"} 2.0 @-1500\n{__name__=\"c\"} 3.0 @1520879607789\n"
                                + "{__name__=\"d\"} 4.0 @9223372036854775807"),
                Arguments.of("label escapes", "a{b=\"x\\\\y\\\"z\\nw\\q\"} 1\n# EOF",
                        "{__name__=\"a\", b=\"x\\\\y\\\"z\\nw\\\\q\"} 1.0"),
                Arguments.of("quoted names", "{\"my.metric\",\"label.name\"=\"v\"} 1\n# EOF",
                        "{__name__=\"my.metric\", label.name=\"v\"} 1.0"),
                Arguments.of("empty label value dropped", "a{b=\"\",c=\"d\"} 1\n# EOF", "{__name__=\"a\", c=\"d\"} 1.0"),
                Arguments.of("histogram bounds normalized", "# TYPE h histogram\nh_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 1\n"
                                + "h_count 1\nh_sum 2\n# EOF",
                        "{__name__=\"h_bucket\", le=\"1.0\"} 0.0\n{__name__=\"h_bucket\", le=\"+Inf\"} 1.0\n"
                                + "{__name__=\"h_count\"} 1.0\n{__name__=\"h_sum\"} 2.0"),
                Arguments.of("gaugehistogram bounds kept as written", "# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 0\n"
                                + "g_bucket{le=\"+Inf\"} 1\n# EOF",
                        "{__name__=\"g_bucket\", le=\"1\"} 0.0\n{__name__=\"g_bucket\", le=\"+Inf\"} 1.0"),
                Arguments.of("stateset and info", "# TYPE s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0\n# TYPE i info\n"
                                + "i_info{version=\"1\"} 1\n# EOF",
                        "{__name__=\"s\", s=\"a\"} 1.0\n{__name__=\"s\", s=\"b\"} 0.0\n{__name__=\"i_info\", version=\"1\"} 1.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBodies")
    void parsesInBothModes(String description, String body, String expected) throws ExpositionException {
        for (OpenMetricsParser parser : BOTH) {
            assertThat(PrometheusTextParserTest.render(RecordingHandler.parse(parser, body))).isEqualTo(expected);
        }
    }

    @Test
    void reportsExemplarsAfterTheirSample() throws ExpositionException {
        RecordingHandler handler = RecordingHandler.parse(OpenMetricsParser.strict(), """
                # TYPE a counter
                a_total 1 1.5 # {trace_id="x",span=""} 0.5 1.25
                a_created 1.0 1.5
                # TYPE h histogram
                h_bucket{le="0.5"} 1 # {} 0.25
                h_bucket{le="+Inf"} 2
                # EOF
                """);

        assertThat(handler.exemplars).hasSize(2);
        RecordingHandler.RecordedExemplar counter = handler.exemplars.get(0);
        assertThat((Object) counter.sampleLabels()).isEqualTo(Labels.of("__name__", "a_total"));
        assertThat(counter.exemplar()).isEqualTo(new Exemplar(Labels.of("trace_id", "x"), 0.5, 1250));
        assertThat(handler.exemplars.get(1).exemplar())
                .isEqualTo(new Exemplar(Labels.EMPTY, 0.25, ScrapeHandler.NO_TIMESTAMP));
    }

    @Test
    void reportsMetadataOncePerFamily() throws ExpositionException {
        RecordingHandler handler = RecordingHandler.parse(OpenMetricsParser.strict(), """
                # TYPE cc_seconds counter
                # UNIT cc_seconds seconds
                # HELP cc_seconds A "counter" \\\\ with \\n escapes \\" and \\q.
                cc_seconds_total 1
                # HELP g\s
                # TYPE g gauge
                # EOF
                """);

        assertThat(handler.metadata).containsExactly(
                new MetricMetadata("cc_seconds", MetricType.COUNTER, "A \"counter\" \\ with \n escapes \" and \\q.", "seconds"),
                new MetricMetadata("g", MetricType.GAUGE, "", ""));
    }

    static Stream<Arguments> bodiesBothModesReject() {
        return Stream.of(
                Arguments.of("a 1\nb 2\n", "line 3: missing \"# EOF\""),
                Arguments.of("a 1\nb 2", "line 2: missing \"# EOF\""),
                Arguments.of("a 1\n# EOF\n\n", "line 3: text after \"# EOF\""),
                Arguments.of("a 1\n\n# EOF\n", "line 2: empty line"),
                Arguments.of("a 1\n# comment\n# EOF\n", "line 2: only # TYPE, # HELP, # UNIT and a final # EOF may start with '#'"),
                Arguments.of("a{b=\"1\",b=\"2\"} 1\n# EOF\n", "line 1: duplicate label name \"b\""),
                Arguments.of("a{b=\"1\", c=\"2\"} 1\n# EOF\n", "line 1: expected label name, got space"),
                Arguments.of("a {b=\"1\"} 1\n# EOF\n", "line 1: invalid number \"{b=\"1\"}\" as sample value"),
                Arguments.of("a 1\t2\n# EOF\n", "line 1: invalid number \"1\t2\" as sample value"),
                Arguments.of("a{b=\"x\ny\"} 1\n# EOF\n", "line 1: unterminated quoted string"),
                Arguments.of("# UNIT a_bytes seconds\n# EOF\n", "line 1: unit \"seconds\" is not the suffix of metric family name \"a_bytes\""),
                Arguments.of("# UNIT seconds seconds\n# EOF\n", "line 1: unit \"seconds\" is not the suffix"),
                Arguments.of("a_total 1 # {a=\"1\",a=\"2\"} 1\n# EOF\n", "line 1: duplicate exemplar label name \"a\""),
                Arguments.of("a 1 1e400\n# EOF\n", "line 1: number out of range \"1e400\" as timestamp"),
                Arguments.of("a 1 # {\"x\"} 1\n# EOF\n", "line 1: expected '=' after label name \"x\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("bodiesBothModesReject")
    void rejectsInBothModes(String body, String messageStart) {
        for (OpenMetricsParser parser : BOTH) {
            assertThatThrownBy(() -> RecordingHandler.parse(parser, body))
                    .as(parser.isStrict() ? "strict" : "prometheus-compatible")
                    .isInstanceOf(ExpositionException.class)
                    .hasMessageStartingWith(messageStart);
        }
    }

    /** Rules beyond the grammar: strict mode rejects, the Prometheus-compatible mode accepts. */
    static Stream<Arguments> bodiesOnlyStrictRejects() {
        return Stream.of(
                Arguments.of("# TYPE h histogram\nh_bucket{le=\"1\"} 1 # {} 2\nh_bucket{le=\"+Inf\"} 1\n# EOF\n",
                        "line 2: exemplar value is not within its bucket (le=\"1\")"),
                Arguments.of("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count{le=\"1\"} 1\nh_sum 1\n# EOF\n",
                        "line 3: histogram _count sample must not have an le label"),
                Arguments.of("# TYPE s summary\ns_sum{quantile=\"1\"} 1\n# EOF\n",
                        "line 2: summary _sum sample must not have a quantile label"),
                Arguments.of("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1.5\n# EOF\n",
                        "line 2: bucket value must be a non-negative integer"),
                Arguments.of("# TYPE a counter\na_total 1\n# TYPE a_total gauge\na_total 1\n# EOF\n",
                        "line 5: metric family \"a_total\" clashes with metric family \"a\""),
                Arguments.of("a{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 1\n# EOF\n",
                        "line 3: metric {x=\"1\"} of family \"a\" appears again after other metrics"),
                Arguments.of("a 1\nb 1\na 1\n# EOF\n", "line 3: metric family \"a\" appears twice"),
                Arguments.of("# TYPE i_u info\n# UNIT i_u u\n# EOF\n", "line 2: info metric family \"i_u\" must not have a unit"),
                Arguments.of("# TYPE a gauge\n# HELP a x\\\n# EOF\n", "line 2: backslash at the end of HELP text"),
                Arguments.of("# HELP a x\r\n# EOF\n", "line 1: carriage return at the end of a line"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("bodiesOnlyStrictRejects")
    void strictModeRejectsWhatThePrometheusCompatibleModeAccepts(String body, String messageStart) throws ExpositionException {
        assertThatThrownBy(() -> RecordingHandler.parse(OpenMetricsParser.strict(), body))
                .isInstanceOf(ExpositionException.class)
                .hasMessageStartingWith(messageStart);
        assertThat(RecordingHandler.parse(OpenMetricsParser.prometheusCompatible(), body).samples)
                .hasSize((int) body.lines().filter(l -> !l.startsWith("#")).count());
    }
}
