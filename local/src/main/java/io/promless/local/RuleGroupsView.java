package io.promless.local;

import static java.util.Objects.requireNonNull;

import io.promless.api.RulesView;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import io.promless.promql.ast.ExprPrinter;
import io.promless.promql.engine.PromqlEngine;
import io.promless.rules.AlertState;
import io.promless.rules.GroupStatus;
import io.promless.rules.RuleManager;
import io.promless.rules.RuleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** /api/v1/rules and /api/v1/alerts from the rule manager's group snapshots. */
final class RuleGroupsView implements RulesView {
    private final RuleManager rules;
    private final PromqlEngine promql;
    private final Map<String, String> printedQueries = new ConcurrentHashMap<>();

    RuleGroupsView(RuleManager rules, PromqlEngine promql) {
        this.rules = requireNonNull(rules, "rules is null");
        this.promql = requireNonNull(promql, "promql is null");
    }

    @Override
    public List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        for (GroupStatus group : rules.status()) {
            List<Rule> shown = new ArrayList<>();
            for (RuleStatus rule : group.rules()) {
                shown.add(rule(rule));
            }
            groups.add(new Group(group.name(), group.file(), group.interval(), group.limit(), instant(group.lastEvaluation()),
                    Duration.ofNanos(group.evaluationNanos()), shown));
        }
        return groups;
    }

    private Rule rule(RuleStatus rule) {
        List<io.promless.rules.Alert> alerts = rule.alerts();
        List<RulesView.Alert> shownAlerts = new ArrayList<>(alerts.size());
        for (io.promless.rules.Alert alert : alerts) {
            shownAlerts.add(new RulesView.Alert(alert.labels(), alert.annotations(), alert.state().wireName(),
                    Instant.ofEpochMilli(alert.activeAt()), alert.keepFiringSince() == 0 ? null : Instant.ofEpochMilli(alert.keepFiringSince()),
                    alert.value()));
        }
        Labels.Builder annotations = Labels.builder();
        rule.annotations().forEach(annotations::set);
        AlertState state = rule.state();
        return new Rule(rule.alerting() ? Type.ALERTING : Type.RECORDING, rule.name(), printed(rule.query()), rule.labels(),
                rule.holdDuration(), rule.keepFiringFor(), annotations.build(), state.wireName(), shownAlerts, rule.health().wireName(),
                rule.lastError(), instant(rule.lastEvaluation()), Duration.ofNanos(rule.evaluationNanos()));
    }

    /** Prometheus shows the parsed expression printed back, not the text as written. */
    private String printed(String expr) {
        return printedQueries.computeIfAbsent(expr, text -> {
            try {
                return ExprPrinter.print(promql.parse(text));
            } catch (PromlessException e) {
                return text;
            }
        });
    }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
