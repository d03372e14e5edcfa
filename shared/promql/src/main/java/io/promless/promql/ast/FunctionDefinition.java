package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One entry of the function table. {@code variadic} is 0 for a fixed argument list, n &gt; 0
 * when the last n arguments are optional, and -1 when the last argument type repeats without
 * limit (and may also be omitted), as in Prometheus's table.
 */
public record FunctionDefinition(String name, List<ValueType> argumentTypes, int variadic, ValueType returnType, boolean experimental) {
    public FunctionDefinition {
        requireNonNull(name, "name is null");
        argumentTypes = List.copyOf(argumentTypes);
        requireNonNull(returnType, "returnType is null");
    }

    public int minArguments() {
        return variadic == 0 ? argumentTypes.size() : argumentTypes.size() - Math.abs(variadic);
    }

    /** Maximum argument count, or Integer.MAX_VALUE when unlimited. */
    public int maxArguments() {
        return variadic < 0 ? Integer.MAX_VALUE : argumentTypes.size();
    }

    /** The type expected at an argument position, repeating the last for unlimited variadics. */
    public ValueType argumentType(int index) {
        return argumentTypes.get(Math.min(index, argumentTypes.size() - 1));
    }
}
