package io.promless.promql.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** An aggregation; {@code parameter} is null unless the operator takes one. */
public record Aggregation(AggregationOperator operator, Expr expr, Expr parameter, List<String> grouping, boolean without)
        implements Expr {
    public Aggregation {
        requireNonNull(operator, "operator is null");
        requireNonNull(expr, "expr is null");
        grouping = List.copyOf(grouping);
    }
}
