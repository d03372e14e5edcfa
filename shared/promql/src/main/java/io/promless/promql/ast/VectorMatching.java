package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How the two sides of a vector/vector binary operation are matched: {@code on} (true) or
 * {@code ignoring} the listed labels, with group_left/group_right extra {@code include} labels.
 * {@code fillLeft}/{@code fillRight} (experimental fill modifiers) are the values that stand in
 * for a missing left or right operand; null when not set.
 */
public record VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include,
        Double fillLeft, Double fillRight) {
    public enum Cardinality {
        ONE_TO_ONE,
        MANY_TO_ONE,
        ONE_TO_MANY,
        MANY_TO_MANY
    }

    public VectorMatching {
        requireNonNull(cardinality, "cardinality is null");
        labels = List.copyOf(labels);
        include = List.copyOf(include);
    }

    public VectorMatching(Cardinality cardinality, List<String> labels, boolean on, List<String> include) {
        this(cardinality, labels, on, include, null, null);
    }

    public boolean hasFill() {
        return fillLeft != null || fillRight != null;
    }
}
