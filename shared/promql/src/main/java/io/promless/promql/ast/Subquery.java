package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * {@code expr[range:step]}; a step of 0 means the engine's default resolution. The three
 * {@code *Expression} components are query-dependent duration expressions (seconds) the engine
 * resolves into range, step and offset; null for plain durations.
 */
public record Subquery(Expr expr, long range, long step, long offset, AtModifier at, Expr rangeExpression,
        Expr stepExpression, Expr offsetExpression) implements Expr {
    public Subquery {
        requireNonNull(expr, "expr is null");
    }

    public Subquery(Expr expr, long range, long step, long offset, AtModifier at) {
        this(expr, range, step, offset, at, null, null, null);
    }

    public Subquery withOffset(long newOffset) {
        return new Subquery(expr, range, step, newOffset, at, rangeExpression, stepExpression, null);
    }

    public Subquery withOffsetExpression(Expr expression) {
        return new Subquery(expr, range, step, 0, at, rangeExpression, stepExpression, expression);
    }

    public Subquery withAt(AtModifier newAt) {
        return new Subquery(expr, range, step, offset, newAt, rangeExpression, stepExpression, offsetExpression);
    }

    public boolean hasOffset() {
        return offset != 0 || offsetExpression != null;
    }
}
