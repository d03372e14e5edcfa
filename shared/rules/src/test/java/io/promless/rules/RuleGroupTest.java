package io.promless.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.StaleMarker;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.promql.engine.PromqlEngine;
import io.promless.rules.file.NameValidation;
import io.promless.rules.file.RuleFile;
import io.promless.rules.file.RuleFileParser;
import io.promless.rules.unittest.MemoryStorage;
import io.promless.storage.Appender;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleGroupTest {
    private static final long MINUTE = 60_000;

    private final MemoryStorage storage = new MemoryStorage();
    private final PromqlEngine engine = new PromqlEngine();
    private final List<Alert> sent = new ArrayList<>();
    private final RuleGroup.Evaluation evaluation = new RuleGroup.Evaluation(
            (expr, time) -> engine.instantQuery(storage, expr, time), storage, (group, alerts) -> sent.addAll(alerts),
            new AlertingRule.TemplateContext(Labels.of("cluster", "eu1"), "http://prom"), Duration.ofMinutes(1), () -> 0L);

    private void up(String instance, long time, double value) {
        Appender appender = storage.appender();
        appender.append(Labels.of("__name__", "up", "job", "node", "instance", instance), time, value);
        appender.commit();
    }

    private List<Series> select(String metric, long from, long to) {
        try (Querier querier = storage.querier(from, to)) {
            return querier.select(List.of(LabelMatcher.equal("__name__", metric)));
        }
    }

    private static RuleGroup group(Rule... rules) {
        return new RuleGroup("g", "rules.yml", Duration.ofMinutes(1), Duration.ZERO, 0, List.of(rules));
    }

    @Test
    void alertGoesPendingThenFiringThenResolvesAndIsNotified() {
        AlertingRule rule = new AlertingRule("InstanceDown", "up == 0", Duration.ofMinutes(2), Duration.ZERO,
                Labels.of("severity", "page"), Map.of("summary", "{{ $labels.instance }} down ({{ $externalLabels.cluster }})"));
        RuleGroup group = group(rule);
        List<AlertState> states = new ArrayList<>();
        for (int minute = 0; minute <= 4; minute++) {
            up("a:1", minute * MINUTE, minute <= 3 ? 0 : 1);
            group.evaluate(minute * MINUTE, evaluation);
            states.add(rule.state());
        }
        assertThat(states).containsExactly(AlertState.PENDING, AlertState.PENDING, AlertState.FIRING, AlertState.FIRING,
                AlertState.INACTIVE);
        RuleStatus status = group.status().rules().get(0);
        assertThat(status.health()).isEqualTo(RuleHealth.OK);
        assertThat(status.alerts()).isEmpty();
        // Sent when firing at 2m, re-sent at 3m (resend delay 1m), and once more resolved at 4m.
        assertThat(sent).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.FIRING, AlertState.INACTIVE);
        Alert resolved = sent.get(2);
        assertThat((Object) resolved.labels()).isEqualTo(Labels.of("alertname", "InstanceDown", "instance", "a:1", "job", "node", "severity", "page"));
        assertThat(resolved.annotations().get("summary")).isEqualTo("a:1 down (eu1)");
        assertThat(resolved.activeAt()).isZero();
        assertThat(resolved.resolvedAt()).isEqualTo(4 * MINUTE);

        List<Series> alerts = select("ALERTS", 0, 10 * MINUTE);
        assertThat(alerts).extracting(series -> series.labels().get("alertstate")).containsExactly("firing", "pending");
        Series firing = alerts.get(0);
        assertThat(firing.timestamps()).containsExactly(2 * MINUTE, 3 * MINUTE, 4 * MINUTE);
        assertThat(StaleMarker.isStale(firing.values()[2])).isTrue();
        assertThat(select("ALERTS_FOR_STATE", 0, 3 * MINUTE).get(0).values()).containsOnly(0.0);
    }

    @Test
    void resolvedAlertsAreForgottenAfterFifteenMinutes() {
        AlertingRule rule = new AlertingRule("Down", "up == 0", Duration.ZERO, Duration.ZERO, Labels.EMPTY, Map.of());
        RuleGroup group = group(rule);
        up("a:1", 0, 0);
        group.evaluate(0, evaluation);
        up("a:1", MINUTE, 1);
        group.evaluate(MINUTE, evaluation);
        sent.clear();
        group.evaluate(16 * MINUTE + 1, evaluation);
        assertThat(sent).isEmpty();
        group.evaluate(17 * MINUTE, evaluation);
        assertThat(sent).isEmpty();
        assertThat(rule.state()).isEqualTo(AlertState.INACTIVE);
    }

    @Test
    void keepFiringForHoldsAFiringAlert() {
        AlertingRule rule = new AlertingRule("Down", "up == 0", Duration.ZERO, Duration.ofMinutes(2), Labels.EMPTY, Map.of());
        RuleGroup group = group(rule);
        List<AlertState> states = new ArrayList<>();
        double[] values = {0, 1, 1, 1};
        for (int minute = 0; minute < values.length; minute++) {
            up("a:1", minute * MINUTE, values[minute]);
            group.evaluate(minute * MINUTE, evaluation);
            states.add(rule.state());
        }
        assertThat(states).containsExactly(AlertState.FIRING, AlertState.FIRING, AlertState.FIRING, AlertState.INACTIVE);
    }

    @Test
    void recordingRuleWritesWithRuleLabelsAndMarksVanishedSeriesStale() {
        RecordingRule rule = new RecordingRule("instance:up:copy", "up", Labels.of("job", "recorded", "team", "ops"));
        RuleGroup group = group(rule);
        up("a:1", 0, 1);
        up("b:1", 0, 1);
        group.evaluate(30_000, evaluation);
        up("a:1", MINUTE, 1);
        // b:1 is still inside the lookback window, so drop it by staleness before the second evaluation.
        up("b:1", MINUTE, StaleMarker.VALUE);
        group.evaluate(90_000, evaluation);
        List<Series> recorded = select("instance:up:copy", 0, 2 * MINUTE);
        assertThat(recorded).extracting(Series::labels).containsExactly(
                Labels.of("__name__", "instance:up:copy", "instance", "a:1", "job", "recorded", "team", "ops"),
                Labels.of("__name__", "instance:up:copy", "instance", "b:1", "job", "recorded", "team", "ops"));
        assertThat(recorded.get(0).values()).containsExactly(1.0, 1.0);
        assertThat(recorded.get(1).timestamps()).containsExactly(30_000L, 90_000L);
        assertThat(StaleMarker.isStale(recorded.get(1).values()[1])).isTrue();
    }

    @Test
    void errorsAreRecordedPerRuleAndLaterRulesStillRun() {
        RecordingRule collide = new RecordingRule("collide", "up", Labels.of("instance", "same"));
        RecordingRule fine = new RecordingRule("fine", "vector(1)", Labels.EMPTY);
        RuleGroup group = group(collide, fine);
        up("a:1", 0, 1);
        up("b:1", 0, 1);
        group.evaluate(0, evaluation);
        List<RuleStatus> rules = group.status().rules();
        assertThat(rules.get(0).health()).isEqualTo(RuleHealth.ERR);
        assertThat(rules.get(0).lastError()).isEqualTo("vector contains metrics with the same labelset after applying rule labels");
        assertThat(rules.get(1).health()).isEqualTo(RuleHealth.OK);
        assertThat(select("fine", 0, 0)).hasSize(1);
    }

    @Test
    void limitsAreEnforced() {
        RuleGroup recording = new RuleGroup("g", "f", Duration.ofMinutes(1), Duration.ZERO, 1,
                List.of(new RecordingRule("r", "up", Labels.EMPTY)));
        AlertingRule alert = new AlertingRule("A", "up", Duration.ZERO, Duration.ZERO, Labels.EMPTY, Map.of());
        RuleGroup alerting = new RuleGroup("g2", "f", Duration.ofMinutes(1), Duration.ZERO, 1, List.of(alert));
        up("a:1", 0, 1);
        up("b:1", 0, 1);
        recording.evaluate(0, evaluation);
        alerting.evaluate(0, evaluation);
        assertThat(recording.status().rules().get(0).lastError()).isEqualTo("exceeded limit of 1 with 2 series");
        assertThat(alerting.status().rules().get(0).lastError()).isEqualTo("exceeded limit of 1 with 2 alerts");
        assertThat(alert.activeAlerts()).isEmpty();
    }

    @Test
    void queryOffsetShiftsQueriesAndSamples() {
        RuleGroup group = new RuleGroup("g", "f", Duration.ofMinutes(1), Duration.ofSeconds(30), 0,
                List.of(new RecordingRule("t", "time()", Labels.EMPTY)));
        group.evaluate(MINUTE, evaluation);
        Series series = select("t", 0, MINUTE).get(0);
        assertThat(series.timestamps()).containsExactly(30_000L);
        assertThat(series.values()).containsExactly(30.0);
    }

    @Test
    void evaluationTimestampsAreAlignedToTheIntervalWithAStableGroupOffset() {
        RuleGroup group = group();
        long first = group.evaluationTimestamp(1_000_000_000_000L);
        assertThat(first).isLessThanOrEqualTo(1_000_000_000_000L).isGreaterThan(1_000_000_000_000L - MINUTE);
        assertThat(group.evaluationTimestamp(first + MINUTE - 1)).isEqualTo(first);
        assertThat(group.evaluationTimestamp(first + MINUTE + 1)).isEqualTo(first + MINUTE);
        assertThat(Math.floorMod(first, MINUTE)).isEqualTo(Math.floorMod(group.evaluationTimestamp(5), MINUTE));
    }

    @Test
    void forStateIsRestoredAfterARestartWithoutCountingTheOutage() {
        Labels forState = Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "Slow", "instance", "a:1", "job", "node");
        Appender before = storage.appender();
        // The previous run: pending since 0, last written at 10m, then the server went down.
        before.append(forState, 10 * MINUTE, 0);
        before.commit();
        AlertingRule rule = new AlertingRule("Slow", "up == 0", Duration.ofMinutes(30), Duration.ZERO, Labels.EMPTY, Map.of());
        RuleGroup group = group(rule);
        RuleManager manager = new RuleManager(List.of(group), evaluation, storage);
        long firstTick = 19 * MINUTE + 1;
        manager.evaluateDue(firstTick);
        long next = group.evaluationTimestamp(firstTick) + MINUTE;
        up("a:1", next, 0);
        manager.evaluateDue(next + 1);

        assertThat(select("ALERTS", 0, next)).isEmpty();
        // 10m pending before the outage count, the outage does not: active since next - 10m.
        assertThat(rule.activeAlerts().get(0).activeAt()).isEqualTo(next - 10 * MINUTE);
        up("a:1", next + 20 * MINUTE, 0);
        group.evaluate(next + 20 * MINUTE, evaluation);
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        assertThat(select("ALERTS", 0, next + 20 * MINUTE)).hasSize(1);
    }

    @Test
    void restoringNeverLeavesLessThanTheGracePeriod() {
        Appender before = storage.appender();
        before.append(Labels.of("__name__", "ALERTS_FOR_STATE", "alertname", "Slow", "instance", "a:1", "job", "node"), 25 * MINUTE, 0);
        before.commit();
        AlertingRule rule = new AlertingRule("Slow", "up == 0", Duration.ofMinutes(30), Duration.ZERO, Labels.EMPTY, Map.of());
        RuleGroup group = group(rule);
        group.awaitRestoration();
        up("a:1", 40 * MINUTE, 0);
        group.evaluate(40 * MINUTE, evaluation);
        group.restoreForState(40 * MINUTE, storage, RuleGroup.DEFAULT_OUTAGE_TOLERANCE, RuleGroup.DEFAULT_FOR_GRACE_PERIOD);
        // 5m were left when it went down, less than the 10m grace period: it fires 10m from now.
        assertThat(rule.activeAlerts().get(0).activeAt()).isEqualTo(40 * MINUTE + 10 * MINUTE - 30 * MINUTE);
    }

    @Test
    void managerListsGroupsByFileThenName() {
        RuleGroup second = new RuleGroup("b", "2.yml", Duration.ofMinutes(1), Duration.ZERO, 0, List.of());
        RuleGroup firstB = new RuleGroup("b", "1.yml", Duration.ofMinutes(1), Duration.ZERO, 0, List.of());
        RuleGroup firstA = new RuleGroup("a", "1.yml", Duration.ofMinutes(1), Duration.ZERO, 0, List.of());
        RuleManager manager = new RuleManager(List.of(second, firstB, firstA), evaluation);
        assertThat(manager.status()).extracting(status -> status.file() + ":" + status.name()).containsExactly("1.yml:a", "1.yml:b", "2.yml:b");
    }

    @Test
    void groupsWithoutAnIntervalTakeTheDefault() {
        RuleFile file = new RuleFileParser(engine::parse, NameValidation.UTF8, false).parse("f.yml", """
                groups:
                  - name: zero
                    interval: 0s
                    rules: [{record: r, expr: "1"}]
                  - name: unset
                    rules: [{record: r, expr: "1"}]
                  - name: own
                    interval: 15s
                    query_offset: 0s
                    limit: 3
                    labels: {team: a}
                    rules: [{record: r, expr: "1", labels: {team: b}}]
                """);
        List<RuleGroup> groups = RuleGroups.of(file, Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThat(groups).extracting(RuleGroup::interval).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15));
        assertThat(groups).extracting(RuleGroup::queryOffset).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO);
        assertThat(groups.get(2).limit()).isEqualTo(3);
        assertThat(groups.get(2).rules().get(0).labels().get("team")).isEqualTo("b");
    }
}
