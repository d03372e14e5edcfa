package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.LabelMatcher;
import java.util.List;

/**
 * An instant vector selector. {@code matchers} include the {@code __name__} matcher when a
 * metric name was written; {@code metricName} is kept only to print the selector as written.
 * {@code at} is null when no {@code @} modifier was given. {@code offsetExpression} is a
 * duration expression (seconds) that depends on the query, resolved by the engine into
 * {@code offset} before evaluation; null for plain offsets.
 */
public record VectorSelector(String metricName, List<LabelMatcher> matchers, long offset, AtModifier at, Expr offsetExpression,
        RangeMode rangeMode) implements Expr {
    public VectorSelector {
        requireNonNull(matchers, "matchers is null");
        requireNonNull(rangeMode, "rangeMode is null");
        matchers = List.copyOf(matchers);
    }

    public VectorSelector(String metricName, List<LabelMatcher> matchers, long offset, AtModifier at) {
        this(metricName, matchers, offset, at, null, RangeMode.NORMAL);
    }

    public VectorSelector withOffset(long newOffset) {
        return new VectorSelector(metricName, matchers, newOffset, at, null, rangeMode);
    }

    public VectorSelector withOffsetExpression(Expr expression) {
        return new VectorSelector(metricName, matchers, 0, at, expression, rangeMode);
    }

    public VectorSelector withAt(AtModifier newAt) {
        return new VectorSelector(metricName, matchers, offset, newAt, offsetExpression, rangeMode);
    }

    public VectorSelector withRangeMode(RangeMode mode) {
        return new VectorSelector(metricName, matchers, offset, at, offsetExpression, mode);
    }

    public boolean hasOffset() {
        return offset != 0 || offsetExpression != null;
    }
}
