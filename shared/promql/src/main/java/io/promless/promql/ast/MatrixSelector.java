package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/** A range vector selector; offset and {@code @} live on the inner selector, as in Prometheus. */
public record MatrixSelector(VectorSelector selector, long range) implements Expr {
    public MatrixSelector {
        requireNonNull(selector, "selector is null");
    }
}
