package io.promless.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromtoolTestRulesTest {
    private static final String RULES = """
            groups:
              - name: example
                rules:
                  - record: job:requests:rate1m
                    expr: sum by (job) (rate(requests_total[1m]))
                  - alert: HighRequestRate
                    expr: job:requests:rate1m > 1
                    for: 2m
                    labels:
                      severity: "{{ if gt $value 5.0 }}page{{ else }}ticket{{ end }}"
                    annotations:
                      summary: "{{ $labels.job }} serves {{ humanize $value }} req/s"
            """;

    private static final String TESTS = """
            rule_files: [rules.yml]
            evaluation_interval: 1m
            tests:
              - name: rising traffic
                interval: 30s
                input_series:
                  - series: 'requests_total{job="api", instance="a"}'
                    values: '0+300x20'
                alert_rule_test:
                  - eval_time: 1m
                    alertname: HighRequestRate
                    exp_alerts: []
                  - eval_time: 3m
                    alertname: HighRequestRate
                    exp_alerts:
                      - exp_labels: {job: api, severity: page}
                        exp_annotations: {summary: "api serves %s req/s"}
                promql_expr_test:
                  - expr: job:requests:rate1m
                    eval_time: 5m
                    exp_samples:
                      - labels: 'job:requests:rate1m{job="api"}'
                        value: 10
                  - expr: ALERTS_FOR_STATE
                    eval_time: 5m
                    exp_samples:
                      - labels: 'ALERTS_FOR_STATE{alertname="HighRequestRate", job="api", severity="page"}'
                        value: 60
            """;

    @TempDir
    Path directory;

    private int run(String summary, List<String> extra, ByteArrayOutputStream out) throws Exception {
        Files.writeString(directory.resolve("rules.yml"), RULES);
        Path tests = directory.resolve("tests.yml");
        Files.writeString(tests, TESTS.formatted(summary));
        List<String> args = new ArrayList<>(extra);
        args.add(tests.toString());
        return PromtoolTestRules.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void passingFileExitsZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run("10", List.of(), out)).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Unit Testing:  ").contains("  SUCCESS");
    }

    @Test
    void wrongAnnotationFailsWithBothSidesShown() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run("11", List.of(), out)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAILED").contains("api serves 11 req/s").contains("api serves 10 req/s");
    }

    @Test
    void runFilterSelectsNoGroupAndPasses() throws Exception {
        assertThat(run("11", List.of("--run", "nothing-matches"), new ByteArrayOutputStream())).isEqualTo(0);
    }

    @Test
    void badCommandLineExitsTwo() {
        assertThat(PromtoolTestRules.run(List.of("--frobnicate"), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }
}
