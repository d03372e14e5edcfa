package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

/** A string literal, already unescaped. */
public record StringLiteral(String value) implements Expr {
    public StringLiteral {
        requireNonNull(value, "value is null");
    }
}
