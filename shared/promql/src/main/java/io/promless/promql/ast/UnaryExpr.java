package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/** Unary {@code -} or {@code +} applied to a scalar or instant vector. */
public record UnaryExpr(boolean negate, Expr operand) implements Expr {
    public UnaryExpr {
        requireNonNull(operand, "operand is null");
    }
}
