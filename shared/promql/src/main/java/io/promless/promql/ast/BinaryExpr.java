package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A binary operation. {@code matching} is null unless both sides are instant vectors; set
 * operators always carry MANY_TO_MANY matching.
 */
public record BinaryExpr(BinaryOperator operator, Expr left, Expr right, boolean returnBool, VectorMatching matching)
        implements Expr {
    public BinaryExpr {
        requireNonNull(operator, "operator is null");
        requireNonNull(left, "left is null");
        requireNonNull(right, "right is null");
    }
}
