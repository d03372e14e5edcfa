package io.promless.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.labels.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertTemplatesTest {
    private static final Labels LABELS = Labels.of("__name__", "up", "instance", "host.example.com:9100", "job", "node");
    private static final Labels EXTERNAL = Labels.of("cluster", "eu1");

    private static String expand(String template, double value) {
        TemplateFunctions functions = new TemplateFunctions((expr, time) -> List.of(
                new TemplateStruct(Map.of("Labels", Map.of("instance", "b"), "Value", 2.0)),
                new TemplateStruct(Map.of("Labels", Map.of("instance", "a"), "Value", 1.0))),
                "http://prom.example.com/prefix", 1_700_000_000_000L);
        return AlertTemplates.expand("Test", template, LABELS, EXTERNAL, "http://prom.example.com/prefix", value, functions);
    }

    @ParameterizedTest(name = "{0} with value {1}")
    @CsvSource(delimiterString = "¦", quoteCharacter = '\'', textBlock = """
            plain text ¦ 1          ¦ plain text
            {{ $labels.instance }} of {{ $labels.job }} ¦ 1          ¦ host.example.com:9100 of node
            {{ .Labels.job }}/{{ .Value }} ¦ 0.5        ¦ node/0.5
            {{ $labels.missing }}x ¦ 1          ¦ x
            {{ $externalLabels.cluster }} {{ $externalURL }} ¦ 1          ¦ eu1 http://prom.example.com/prefix
            {{ $value }} ¦ 1000000    ¦ 1e+06
            {{ $value }} ¦ 123456     ¦ 123456
            {{ $value }} ¦ 0.0001     ¦ 0.0001
            {{ $value }} ¦ 0.00001    ¦ 1e-05
            {{ humanize $value }} ¦ 1234567    ¦ 1.235M
            {{ humanize $value }} ¦ 0.00123    ¦ 1.23m
            {{ humanize 0 }} ¦ 1          ¦ 0
            {{ humanize1024 $value }} ¦ 1048576    ¦ 1Mi
            {{ humanizeDuration $value }} ¦ 90061      ¦ 1d 1h 1m 1s
            {{ humanizeDuration $value }} ¦ 62         ¦ 1m 2s
            {{ humanizeDuration $value }} ¦ 1.5        ¦ 1.5s
            {{ humanizeDuration $value }} ¦ 0.0012     ¦ 1.2ms
            {{ humanizePercentage $value }} ¦ 0.12345    ¦ 12.35%
            {{ humanizeTimestamp $value }} ¦ 1435065584.128 ¦ 2015-06-23 13:19:44.128 +0000 UTC
            {{ printf "%.2f" $value }} ¦ 2.675      ¦ 2.67
            {{ printf "%.1f%%" $value }} ¦ 12.25      ¦ 12.2%
            {{ printf "%d items" 3 }} ¦ 1          ¦ 3 items
            {{ printf "%s=%q" "a" "b" }} ¦ 1          ¦ a="b"
            {{ printf "%5.1f|%-4s|" $value "x" }} ¦ 3.14159 ¦ '  3.1|x   |'
            {{ if gt $value 80.0 }}high{{ else }}low{{ end }} ¦ 90         ¦ high
            {{ if gt $value 80.0 }}high{{ else }}low{{ end }} ¦ 10         ¦ low
            {{ if eq $labels.job "api" }}A{{ else if eq $labels.job "node" }}N{{ else }}?{{ end }} ¦ 1 ¦ N
            {{ with $labels.job }}job={{ . }}{{ end }} ¦ 1          ¦ job=node
            {{ $x := humanize $value }}[{{ $x }}] ¦ 2048       ¦ [2.048k]
            {{ $value | humanize }} ¦ 2048       ¦ 2.048k
            {{- " a " -}}  b ¦ 1          ¦ ' a b'
            {{ toUpper $labels.job }} {{ title "hello world" }} ¦ 1          ¦ NODE Hello World
            {{ reReplaceAll "(.*):.*" "$1" $labels.instance }} ¦ 1          ¦ host.example.com
            {{ stripPort $labels.instance }} {{ stripDomain $labels.instance }} ¦ 1   ¦ host.example.com host:9100
            {{ match "^host" $labels.instance }} ¦ 1          ¦ true
            {{ range query "up" }}{{ .Labels.instance }}={{ .Value }} {{ end }} ¦ 1 ¦ 'b=2 a=1 '
            {{ range sortByLabel "instance" (query "up") }}{{ label "instance" . }}{{ end }} ¦ 1 ¦ ab
            {{ with query "up" }}{{ . | first | value }}{{ end }} ¦ 1          ¦ 2
            {{ len $labels }} ¦ 1          ¦ 3
            {{ index $labels "job" }} ¦ 1          ¦ node
            {{ and 1 0 }} {{ or 0 "x" }} {{ not true }} ¦ 1          ¦ 0 x false
            {{ pathPrefix }} {{ parseDuration "1m30s" }} ¦ 1          ¦ /prefix 90
            {{ first (query "x") | label "nope" }}none ¦ 1          ¦ none
            {{ $labels.job.bad }} ¦ 1          ¦ '<error expanding template: template: __alert_Test:1: can''t evaluate field bad in type string>'
            """)
    void expands(String template, double value, String expected) {
        assertThat(expand(template, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {{ $label.foo }}                 | undefined variable "$label"
            {{ nosuch 1 }}                   | function "nosuch" not defined
            {{ if true }}x                   | unexpected EOF
            {{ end }}                        | unexpected {{end}}
            {{ $labels.job                   | unclosed action
            """)
    void rejectsAtParseTime(String template, String message) {
        assertThatThrownBy(() -> AlertTemplates.parse("Test", template)).isInstanceOf(TemplateException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0             | g | -1 | 0
            100000        | g | -1 | 100000
            1000000       | g | -1 | 1e+06
            1.5e-7        | g | -1 | 1.5e-07
            0.125         | f | 2  | 0.12
            0.375         | f | 2  | 0.38
            1234.5        | g | 4  | 1234
            12345         | g | 4  | 1.234e+04
            100000        | g | 4  | 1e+05
            0.0001234     | g | 4  | 0.0001234
            -2.5          | e | 3  | -2.500e+00
            """)
    void formatsFloatsAsGo(double value, char verb, int precision, String expected) {
        assertThat(GoFormat.formatFloat(value, verb, precision)).isEqualTo(expected);
    }
}
