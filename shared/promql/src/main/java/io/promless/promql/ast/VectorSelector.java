package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.LabelMatcher;
import java.util.List;

/**
 * An instant vector selector. {@code matchers} include the {@code __name__} matcher when a
 * metric name was written; {@code metricName} is kept only to print the selector as written.
 * {@code at} is null when no {@code @} modifier was given.
 */
public record VectorSelector(String metricName, List<LabelMatcher> matchers, long offset, AtModifier at)
        implements Expr {
    public VectorSelector {
        requireNonNull(matchers, "matchers is null");
        matchers = List.copyOf(matchers);
    }

    public VectorSelector withOffset(long newOffset) {
        return new VectorSelector(metricName, matchers, newOffset, at);
    }

    public VectorSelector withAt(AtModifier newAt) {
        return new VectorSelector(metricName, matchers, offset, newAt);
    }
}
