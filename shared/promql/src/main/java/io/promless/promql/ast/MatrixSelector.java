package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A range vector selector; offset and {@code @} live on the inner selector, as in Prometheus.
 * {@code rangeExpression} is a query-dependent duration expression (seconds) the engine resolves
 * into {@code range}; null for plain ranges.
 */
public record MatrixSelector(VectorSelector selector, long range, Expr rangeExpression) implements Expr {
    public MatrixSelector {
        requireNonNull(selector, "selector is null");
    }

    public MatrixSelector(VectorSelector selector, long range) {
        this(selector, range, null);
    }

    public MatrixSelector withSelector(VectorSelector newSelector) {
        return new MatrixSelector(newSelector, range, rangeExpression);
    }
}
