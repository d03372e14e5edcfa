package io.promless.api;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rule groups and their alerts as /api/v1/rules and /api/v1/alerts show them. The composition
 * root fills it from the rule evaluator's state; a server without rules answers no groups.
 * Thread-safe; called once per request.
 */
@FunctionalInterface
public interface RulesView {
    /** Shows no rule groups: correct for a server that evaluates no rules. */
    RulesView NONE = List::of;

    /** Groups in the order /api/v1/rules lists them (Prometheus: by file, then group name). */
    List<Group> groups();

    /**
     * @param lastEvaluation null if the group has not been evaluated yet (Go's zero time)
     * @param evaluationTime how long its last evaluation took
     */
    record Group(String name, String file, Duration interval, int limit, Instant lastEvaluation, Duration evaluationTime,
            List<Rule> rules) {
        public Group {
            requireNonNull(name, "name is null");
            requireNonNull(file, "file is null");
            requireNonNull(interval, "interval is null");
            requireNonNull(evaluationTime, "evaluationTime is null");
            rules = List.copyOf(rules);
        }
    }

    enum Type {
        ALERTING("alerting"),
        RECORDING("recording");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * One rule; {@code duration}, {@code keepFiringFor}, {@code annotations}, {@code state} and
     * {@code alerts} matter for alerting rules only.
     *
     * @param query the rule's expression as PromQL prints it
     * @param state "inactive", "pending" or "firing"
     * @param health "ok", "err" or "unknown"
     * @param lastError "" when the last evaluation succeeded
     * @param lastEvaluation null if never evaluated
     */
    record Rule(Type type, String name, String query, Labels labels, Duration duration, Duration keepFiringFor,
            Labels annotations, String state, List<Alert> alerts, String health, String lastError, Instant lastEvaluation,
            Duration evaluationTime) {
        public Rule {
            requireNonNull(type, "type is null");
            requireNonNull(name, "name is null");
            requireNonNull(query, "query is null");
            requireNonNull(labels, "labels is null");
            requireNonNull(duration, "duration is null");
            requireNonNull(keepFiringFor, "keepFiringFor is null");
            requireNonNull(annotations, "annotations is null");
            requireNonNull(state, "state is null");
            alerts = List.copyOf(alerts);
            requireNonNull(health, "health is null");
            requireNonNull(lastError, "lastError is null");
            requireNonNull(evaluationTime, "evaluationTime is null");
        }
    }

    /**
     * A pending or firing alert.
     *
     * @param keepFiringSince null unless keep_firing_for is holding the alert
     */
    record Alert(Labels labels, Labels annotations, String state, Instant activeAt, Instant keepFiringSince, double value) {
        public Alert {
            requireNonNull(labels, "labels is null");
            requireNonNull(annotations, "annotations is null");
            requireNonNull(state, "state is null");
            requireNonNull(activeAt, "activeAt is null");
        }
    }
}
