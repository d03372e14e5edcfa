package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/** Parentheses, kept so the printer reproduces them. */
public record ParenExpr(Expr inner) implements Expr {
    public ParenExpr {
        requireNonNull(inner, "inner is null");
    }
}
