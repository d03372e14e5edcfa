package io.promless.rules.file;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rule of a rule file as written: a recording rule ({@code record} set) or an alerting rule
 * ({@code alert} set), never both. Labels and annotations keep their file order.
 *
 * @param record the recorded metric name; "" for an alerting rule
 * @param alert the alert name; "" for a recording rule
 * @param forDuration how long an alert stays pending before it fires (zero for recording rules)
 * @param keepFiringFor how long a firing alert keeps firing after its condition cleared
 * @param line the rule's line in its file, for error messages
 */
public record RuleDefinition(
        String record,
        String alert,
        String expr,
        Duration forDuration,
        Duration keepFiringFor,
        Map<String, String> labels,
        Map<String, String> annotations,
        int line) {
    public RuleDefinition {
        requireNonNull(record, "record is null");
        requireNonNull(alert, "alert is null");
        requireNonNull(expr, "expr is null");
        requireNonNull(forDuration, "forDuration is null");
        requireNonNull(keepFiringFor, "keepFiringFor is null");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(labels, "labels is null")));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(annotations, "annotations is null")));
    }

    public static RuleDefinition recording(String record, String expr, Map<String, String> labels) {
        return new RuleDefinition(record, "", expr, Duration.ZERO, Duration.ZERO, labels, Map.of(), 0);
    }

    public static RuleDefinition alerting(String alert, String expr, Duration forDuration, Duration keepFiringFor,
            Map<String, String> labels, Map<String, String> annotations) {
        return new RuleDefinition("", alert, expr, forDuration, keepFiringFor, labels, annotations, 0);
    }

    public boolean isAlerting() {
        return !alert.isEmpty();
    }

    /** The record or alert name, whichever is set. */
    public String name() {
        return isAlerting() ? alert : record;
    }
}
