package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A call of a function from {@link Functions}. */
public record Call(FunctionDefinition function, List<Expr> arguments) implements Expr {
    public Call {
        requireNonNull(function, "function is null");
        arguments = List.copyOf(arguments);
    }
}
