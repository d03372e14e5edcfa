package io.promless.rules.unittest;

import static java.util.Objects.requireNonNull;

import io.promless.config.ConfigException;
import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import io.promless.config.yaml.YamlTree;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code promtool test rules} file, decoded strictly (unknown keys are errors). Scalars such as
 * {@code values: 0x10} keep their source text, as Prometheus decodes them into strings.
 */
record RuleTestFile(
        List<String> ruleFiles,
        Duration evaluationInterval,
        boolean fuzzyCompare,
        List<String> groupEvalOrder,
        List<TestGroup> tests) {

    record TestGroup(
            String name,
            Optional<Duration> interval,
            long startMillis,
            List<InputSeries> inputSeries,
            Map<String, String> externalLabels,
            String externalUrl,
            List<ExpressionTest> expressionTests,
            List<AlertTest> alertTests) {}

    record InputSeries(String series, String values) {}

    record ExpressionTest(String expr, Duration evalTime, List<ExpectedSample> samples) {}

    record ExpectedSample(String labels, double value, String histogram) {}

    record AlertTest(Duration evalTime, String alertName, List<ExpectedAlert> alerts) {}

    record ExpectedAlert(Map<String, String> labels, Map<String, String> annotations) {}

    static RuleTestFile parse(String text) {
        requireNonNull(text, "text is null");
        YamlFields root = YamlFields.of(YamlTree.parse(text), "main.unitTestFile");
        List<String> ruleFiles = root.strings("rule_files");
        Duration evaluationInterval = root.duration("evaluation_interval").orElse(Duration.ofMinutes(1));
        boolean fuzzy = root.bool("fuzzy_compare", false);
        List<String> order = root.strings("group_eval_order");
        List<TestGroup> tests = new ArrayList<>();
        for (YamlNode node : root.sequence("tests").map(YamlNode.Sequence::items).orElse(List.of())) {
            tests.add(group(node));
        }
        root.finish();
        return new RuleTestFile(ruleFiles, evaluationInterval, fuzzy, order, tests);
    }

    private static TestGroup group(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "main.testGroup");
        String name = fields.string("name", "");
        Optional<Duration> interval = fields.duration("interval");
        long start = fields.take("start_timestamp").map(RuleTestFile::timestamp).orElse(0L);
        List<InputSeries> input = new ArrayList<>();
        for (YamlNode item : fields.sequence("input_series").map(YamlNode.Sequence::items).orElse(List.of())) {
            YamlFields series = YamlFields.of(item, "main.series");
            input.add(new InputSeries(series.string("series", ""), series.string("values", "")));
            series.finish();
        }
        Map<String, String> externalLabels = fields.stringMap("external_labels");
        String externalUrl = fields.string("external_url", "");
        List<ExpressionTest> expressions = new ArrayList<>();
        for (YamlNode item : fields.sequence("promql_expr_test").map(YamlNode.Sequence::items).orElse(List.of())) {
            YamlFields test = YamlFields.of(item, "main.promqlTestCase");
            String expr = test.string("expr", "");
            Duration evalTime = test.duration("eval_time").orElse(Duration.ZERO);
            List<ExpectedSample> samples = new ArrayList<>();
            for (YamlNode sample : test.sequence("exp_samples").map(YamlNode.Sequence::items).orElse(List.of())) {
                YamlFields sampleFields = YamlFields.of(sample, "main.sample");
                samples.add(new ExpectedSample(sampleFields.string("labels", ""), sampleFields.number("value").orElse(0.0),
                        sampleFields.string("histogram", "")));
                sampleFields.finish();
            }
            test.finish();
            expressions.add(new ExpressionTest(expr, evalTime, samples));
        }
        List<AlertTest> alerts = new ArrayList<>();
        for (YamlNode item : fields.sequence("alert_rule_test").map(YamlNode.Sequence::items).orElse(List.of())) {
            YamlFields test = YamlFields.of(item, "main.alertTestCase");
            Duration evalTime = test.duration("eval_time").orElse(Duration.ZERO);
            String alertName = test.string("alertname", "");
            List<ExpectedAlert> expected = new ArrayList<>();
            for (YamlNode alert : test.sequence("exp_alerts").map(YamlNode.Sequence::items).orElse(List.of())) {
                YamlFields alertFields = YamlFields.of(alert, "main.alert");
                expected.add(new ExpectedAlert(new LinkedHashMap<>(alertFields.stringMap("exp_labels")),
                        new LinkedHashMap<>(alertFields.stringMap("exp_annotations"))));
                alertFields.finish();
            }
            test.finish();
            alerts.add(new AlertTest(evalTime, alertName, expected));
        }
        fields.finish();
        return new TestGroup(name, interval, start, input, externalLabels, externalUrl, expressions, alerts);
    }

    /** Unix seconds (possibly fractional) or an RFC3339 time, in epoch milliseconds. */
    private static long timestamp(YamlNode node) {
        String text = YamlFields.scalarText(node, "time.Time");
        try {
            return new BigDecimal(text).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException parseError) {
                throw new ConfigException("cannot parse start_timestamp " + YamlTree.quote(text));
            }
        }
    }
}
