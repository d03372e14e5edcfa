package io.promless.rules;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one rule for the API. Alerting-only fields are empty/zero for recording rules.
 *
 * @param alerting true for an alerting rule, false for a recording rule
 * @param state the most severe state of the rule's alerts (INACTIVE for recording rules)
 * @param alerts the rule's pending and firing alerts
 */
public record RuleStatus(
        boolean alerting,
        String name,
        String query,
        Labels labels,
        Duration holdDuration,
        Duration keepFiringFor,
        Map<String, String> annotations,
        AlertState state,
        List<Alert> alerts,
        RuleHealth health,
        String lastError,
        long lastEvaluation,
        long evaluationNanos) {
    public RuleStatus {
        requireNonNull(name, "name is null");
        requireNonNull(query, "query is null");
        requireNonNull(labels, "labels is null");
        requireNonNull(holdDuration, "holdDuration is null");
        requireNonNull(keepFiringFor, "keepFiringFor is null");
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        requireNonNull(state, "state is null");
        alerts = List.copyOf(alerts);
        requireNonNull(health, "health is null");
        requireNonNull(lastError, "lastError is null");
    }

    static RuleStatus of(Rule rule) {
        return switch (rule) {
            case RecordingRule recording -> new RuleStatus(false, recording.name(), recording.expr(), recording.labels(),
                    Duration.ZERO, Duration.ZERO, Map.of(), AlertState.INACTIVE, List.of(), recording.health(),
                    recording.lastError(), recording.lastEvaluation(), recording.evaluationNanos());
            case AlertingRule alerting -> new RuleStatus(true, alerting.name(), alerting.expr(), alerting.labels(),
                    alerting.holdDuration(), alerting.keepFiringFor(), alerting.annotations(), alerting.state(),
                    alerting.activeAlerts(), alerting.health(), alerting.lastError(), alerting.lastEvaluation(),
                    alerting.evaluationNanos());
        };
    }
}
