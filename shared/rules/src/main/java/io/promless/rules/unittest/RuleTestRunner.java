package io.promless.rules.unittest;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusDuration;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.promql.SeriesSelectors;
import io.promless.promql.ast.ExprPrinter;
import io.promless.promql.engine.EngineOptions;
import io.promless.promql.engine.PromqlEngine;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.rules.Alert;
import io.promless.rules.AlertSink;
import io.promless.rules.AlertState;
import io.promless.rules.AlertingRule;
import io.promless.rules.GroupStatus;
import io.promless.rules.RuleGroup;
import io.promless.rules.RuleGroups;
import io.promless.rules.RuleHealth;
import io.promless.rules.RuleManager;
import io.promless.rules.RuleStatus;
import io.promless.rules.file.NameValidation;
import io.promless.rules.file.RuleFileParser;
import io.promless.storage.Appender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs {@code promtool test rules} files: loads input series step by step, evaluates every rule
 * group at each evaluation interval, checks firing alerts at their eval times and PromQL
 * expressions at the end, as promtool does. Results come back as data (exit code and messages);
 * nothing is printed here.
 */
public final class RuleTestRunner {
    /** Options of a run, as promtool's flags set them. */
    public record Options(boolean atModifier, boolean negativeOffset, boolean ignoreUnknownFields, List<String> runPatterns) {
        public static final Options PROMTOOL = new Options(true, true, false, List.of());

        public Options {
            runPatterns = List.copyOf(runPatterns);
        }
    }

    /** The outcome of one file: exit code 0 when every selected group passed, 1 otherwise. */
    public record Result(int exitCode, int groupsRun, int groupsFailed, List<String> errors) {
        public Result {
            errors = List.copyOf(errors);
        }
    }

    private static final Pattern AT_MODIFIER = Pattern.compile("@\\s*([0-9.+-]|start\\s*\\(|end\\s*\\()");
    private static final Pattern NEGATIVE_OFFSET = Pattern.compile("offset\\s+-");

    private final Options options;

    public RuleTestRunner(Options options) {
        this.options = requireNonNull(options, "options is null");
    }

    public Result run(Path testFile) {
        RuleTestFile file;
        try {
            file = RuleTestFile.parse(Files.readString(testFile));
        } catch (IOException | PromlessException e) {
            return new Result(1, 0, 0, List.of(testFile + ": " + e.getMessage()));
        }
        Pattern run = options.runPatterns().isEmpty() ? null : Pattern.compile(String.join("|", options.runPatterns()));
        int groupsRun = 0;
        int groupsFailed = 0;
        List<String> errors = new ArrayList<>();
        for (RuleTestFile.TestGroup group : file.tests()) {
            if (run != null && !run.matcher(group.name()).find()) {
                continue;
            }
            groupsRun++;
            List<String> groupErrors = new ArrayList<>();
            try {
                runGroup(testFile, file, group, groupErrors);
            } catch (PromlessException | IllegalArgumentException e) {
                groupErrors.add(e.getMessage());
            }
            if (!groupErrors.isEmpty()) {
                groupsFailed++;
                String label = group.name().isEmpty() ? "" : " " + group.name();
                groupErrors.forEach(error -> errors.add("group" + label + ": " + error));
            }
        }
        return new Result(groupsFailed == 0 ? 0 : 1, groupsRun, groupsFailed, errors);
    }

    private void runGroup(Path testFile, RuleTestFile file, RuleTestFile.TestGroup group, List<String> errors) {
        Duration evaluationInterval = file.evaluationInterval();
        Duration inputInterval = group.interval().orElse(evaluationInterval);
        List<Input> inputs = new ArrayList<>();
        for (RuleTestFile.InputSeries series : group.inputSeries()) {
            inputs.add(new Input(seriesLabels(series.series()), ValueSequence.parse(series.values())));
        }
        PromqlEngine engine = new PromqlEngine(new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(2), 10_000, 11_000,
                evaluationInterval, true, false, System::nanoTime));
        RuleFileParser parser = new RuleFileParser(expr -> {
            engine.parse(expr);
            checkExpression(expr);
        }, NameValidation.UTF8, options.ignoreUnknownFields());
        List<RuleGroup> ruleGroups = new ArrayList<>();
        for (String pattern : file.ruleFiles()) {
            String resolved = testFile.toAbsolutePath().getParent().resolve(pattern).toString();
            ruleGroups.addAll(RuleManager.load(List.of(resolved), parser, inputInterval, Duration.ZERO));
        }
        ruleGroups.sort(Comparator.comparingInt(g -> Math.max(0, file.groupEvalOrder().indexOf(g.name()))));

        MemoryStorage storage = new MemoryStorage();
        Labels externalLabels = Labels.fromMap(group.externalLabels());
        RuleGroup.Evaluation evaluation = new RuleGroup.Evaluation(
                (expr, time) -> engine.instantQuery(storage, expr, time), storage, AlertSink.NONE,
                new AlertingRule.TemplateContext(externalLabels, group.externalUrl()), RuleGroup.DEFAULT_RESEND_DELAY, System::nanoTime);

        long mint = group.startMillis();
        long maxEval = 0;
        for (RuleTestFile.ExpressionTest test : group.expressionTests()) {
            maxEval = Math.max(maxEval, test.evalTime().toMillis());
        }
        for (RuleTestFile.AlertTest test : group.alertTests()) {
            maxEval = Math.max(maxEval, test.evalTime().toMillis());
        }
        long maxt = mint + maxEval;
        long step = inputInterval.toMillis();
        long evalStep = evaluationInterval.toMillis();
        long loadedUpTo = Long.MIN_VALUE;
        for (long ts = mint; ts <= maxt; ts += evalStep) {
            appendInputs(storage, inputs, mint, step, loadedUpTo, ts, maxt);
            loadedUpTo = ts;
            for (RuleGroup ruleGroup : ruleGroups) {
                ruleGroup.evaluate(ts, evaluation);
                for (RuleStatus rule : ruleGroup.status().rules()) {
                    if (rule.health() == RuleHealth.ERR) {
                        errors.add("    rule: " + rule.name() + ", time: " + format(ts - mint) + ", err: " + rule.lastError());
                        return;
                    }
                }
            }
            for (RuleTestFile.AlertTest test : group.alertTests()) {
                long evalTime = test.evalTime().toMillis();
                if (ts - mint <= evalTime && evalTime < ts - mint + evalStep) {
                    checkAlerts(test, ruleGroups, errors);
                }
            }
            if (evalStep <= 0) {
                break;
            }
        }
        appendInputs(storage, inputs, mint, step, loadedUpTo, maxt, maxt);
        for (RuleTestFile.ExpressionTest test : group.expressionTests()) {
            checkExpression(engine, storage, test, mint, file.fuzzyCompare(), errors);
        }
    }

    private record Input(Labels labels, List<Double> values) {}

    private static void appendInputs(MemoryStorage storage, List<Input> inputs, long mint, long step, long after, long upTo, long maxt) {
        Appender appender = storage.appender();
        for (Input input : inputs) {
            for (int i = 0; i < input.values().size(); i++) {
                long time = mint + i * step;
                if (time > upTo || time > maxt) {
                    break;
                }
                if (time <= after || input.values().get(i) == null) {
                    continue;
                }
                appender.append(input.labels(), time, input.values().get(i));
            }
        }
        appender.commit();
    }

    private void checkAlerts(RuleTestFile.AlertTest test, List<RuleGroup> groups, List<String> errors) {
        List<String> actual = new ArrayList<>();
        for (RuleGroup group : groups) {
            GroupStatus status = group.status();
            for (RuleStatus rule : status.rules()) {
                if (!rule.alerting() || !rule.name().equals(test.alertName())) {
                    continue;
                }
                for (Alert alert : rule.alerts()) {
                    if (alert.state() == AlertState.FIRING) {
                        actual.add(describe(alert.labels(), alert.annotations()));
                    }
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (RuleTestFile.ExpectedAlert alert : test.alerts()) {
            Labels.Builder labels = Labels.builder();
            alert.labels().forEach(labels::set);
            labels.set(AlertingRule.ALERT_NAME_LABEL, test.alertName());
            expected.add(describe(labels.build(), Labels.fromMap(alert.annotations())));
        }
        actual.sort(null);
        expected.sort(null);
        if (!actual.equals(expected)) {
            errors.add("    alertname: " + test.alertName() + ", time: " + format(test.evalTime().toMillis())
                    + ",\n        exp:" + expected + ",\n        got:" + actual);
        }
    }

    private static String describe(Labels labels, Labels annotations) {
        return "{Labels:" + labels + " Annotations:" + annotations + "}";
    }

    private void checkExpression(PromqlEngine engine, MemoryStorage storage, RuleTestFile.ExpressionTest test, long mint,
            boolean fuzzy, List<String> errors) {
        List<VectorSample> got;
        try {
            checkExpression(test.expr());
            Value value = engine.instantQuery(storage, test.expr(), mint + test.evalTime().toMillis());
            got = switch (value) {
                case VectorValue vector -> vector.samples();
                case ScalarValue scalar -> List.of(new VectorSample(Labels.EMPTY, scalar.timestamp(), scalar.value()));
                case StringValue ignored -> throw new IllegalArgumentException("rule result is not a vector or scalar");
                case MatrixValue ignored -> throw new IllegalArgumentException("rule result is not a vector or scalar");
            };
        } catch (PromlessException | IllegalArgumentException e) {
            errors.add("    expr: " + GoQuoted.of(test.expr()) + ", time: " + format(test.evalTime().toMillis()) + ", err: " + e.getMessage());
            return;
        }
        List<VectorSample> expected = new ArrayList<>();
        for (RuleTestFile.ExpectedSample sample : test.samples()) {
            if (!sample.histogram().isEmpty()) {
                errors.add("    expr: " + GoQuoted.of(test.expr()) + ", time: " + format(test.evalTime().toMillis())
                        + ", err: native histogram samples are not supported");
                return;
            }
            expected.add(new VectorSample(sample.labels().isEmpty() ? Labels.EMPTY : seriesLabels(sample.labels()), 0, sample.value()));
        }
        List<VectorSample> actual = new ArrayList<>(got);
        actual.sort(Comparator.comparing(VectorSample::labels));
        expected.sort(Comparator.comparing(VectorSample::labels));
        boolean equal = actual.size() == expected.size();
        for (int i = 0; equal && i < actual.size(); i++) {
            equal = actual.get(i).labels().equals(expected.get(i).labels())
                    && sameValue(actual.get(i).value(), expected.get(i).value(), fuzzy);
        }
        if (!equal) {
            errors.add("    expr: " + GoQuoted.of(test.expr()) + ", time: " + format(test.evalTime().toMillis())
                    + ",\n        exp: " + describe(expected) + "\n        got: " + describe(actual));
        }
    }

    private static boolean sameValue(double actual, double expected, boolean fuzzy) {
        if (actual == expected) {
            return true;
        }
        return fuzzy && (Math.nextUp(expected) == actual || Math.nextDown(expected) == actual);
    }

    private static String describe(List<VectorSample> samples) {
        List<String> parts = new ArrayList<>();
        for (VectorSample sample : samples) {
            parts.add(sample.labels() + " " + sample.value());
        }
        return parts.toString();
    }

    /** Rejects what promtool's engine options turn off: the {@code @} modifier and negative offsets. */
    private void checkExpression(String expr) {
        if (options.atModifier() && options.negativeOffset()) {
            return;
        }
        String printed = ExprPrinter.print(new PromqlEngine(EngineOptions.defaults()
                .withExperimentalFunctions(true)).parse(expr));
        if (!options.atModifier() && AT_MODIFIER.matcher(printed).find()) {
            throw new PromlessException(ErrorType.BAD_DATA, "1:1: parse error: @ modifier is disabled");
        }
        if (!options.negativeOffset() && NEGATIVE_OFFSET.matcher(printed).find()) {
            throw new PromlessException(ErrorType.BAD_DATA, "1:1: parse error: negative offset is disabled");
        }
    }

    /** Parses a series notation such as {@code up{job="x"}} or {@code {job="x"}} into labels. */
    static Labels seriesLabels(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("{}")) {
            return Labels.EMPTY;
        }
        List<LabelMatcher> matchers = SeriesSelectors.parse(trimmed);
        Labels.Builder builder = Labels.builder();
        for (LabelMatcher matcher : matchers) {
            if (matcher.type() != MatchType.EQUAL) {
                throw new IllegalArgumentException("series " + text + " may only use label equality");
            }
            builder.set(matcher.name(), matcher.value());
        }
        return builder.build();
    }

    private static String format(long millis) {
        return PrometheusDuration.format(Duration.ofMillis(millis));
    }

    /** Go's %q, for messages that read like promtool's. */
    private static final class GoQuoted {
        static String of(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
    }
}
