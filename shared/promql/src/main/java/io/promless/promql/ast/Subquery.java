package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/** {@code expr[range:step]}; a step of 0 means the engine's default resolution. */
public record Subquery(Expr expr, long range, long step, long offset, AtModifier at) implements Expr {
    public Subquery {
        requireNonNull(expr, "expr is null");
    }

    public Subquery withOffset(long newOffset) {
        return new Subquery(expr, range, step, newOffset, at);
    }

    public Subquery withAt(AtModifier newAt) {
        return new Subquery(expr, range, step, offset, newAt);
    }
}
