package io.promless.rules;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of a rule group for the API.
 *
 * @param lastEvaluation evaluation timestamp of the last evaluation (epoch ms); 0 if never
 * @param evaluationNanos how long the last evaluation took
 */
public record GroupStatus(
        String name,
        String file,
        Duration interval,
        Duration queryOffset,
        int limit,
        long lastEvaluation,
        long evaluationNanos,
        List<RuleStatus> rules) {
    public GroupStatus {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(queryOffset, "queryOffset is null");
        rules = List.copyOf(rules);
    }
}
