package io.promless.scrape.state;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The health of every target of one state group (the targets one scrape invocation handles), kept
 * as one record so a round costs one read and one write whatever its number of targets. The
 * version grows by one with every write.
 *
 * @param targets health by target id
 */
public record HealthGroup(String group, long version, Map<String, TargetHealth> targets) {
    public HealthGroup {
        requireNonNull(group, "group is null");
        if (group.isEmpty() || !group.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("state group must be letters, digits, '.', '_' or '-', got '" + group + "'");
        }
        targets = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(targets, "targets is null")));
    }

    public static HealthGroup empty(String group) {
        return new HealthGroup(group, 0, Map.of());
    }
}
