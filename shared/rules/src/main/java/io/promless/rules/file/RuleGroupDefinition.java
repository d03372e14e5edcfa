package io.promless.rules.file;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One group of a rule file as written. Absent {@code interval} and {@code query_offset} take the
 * defaults of whoever evaluates the group (the global evaluation interval, no offset).
 *
 * @param limit at most this many series (recording) or alerts (alerting) per rule; 0 means no limit
 * @param labels added to every rule's output, overridden by the rule's own labels
 */
public record RuleGroupDefinition(
        String name,
        Optional<Duration> interval,
        Optional<Duration> queryOffset,
        int limit,
        Map<String, String> labels,
        List<RuleDefinition> rules,
        int line) {
    public RuleGroupDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(queryOffset, "queryOffset is null");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(labels, "labels is null")));
        rules = List.copyOf(rules);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }
}
