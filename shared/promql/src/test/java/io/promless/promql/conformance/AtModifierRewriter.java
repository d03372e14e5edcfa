package io.promless.promql.conformance;

import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.AtModifier;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.VectorSelector;
import java.util.List;
import java.util.Set;

/**
 * Upstream's step-invariance check: pins every selector and subquery without {@code @} to the
 * eval time, so the query must give the same result whenever it runs.
 */
final class AtModifierRewriter {
    /** Functions whose value depends on the evaluation time; upstream skips these queries. */
    static final Set<String> TIME_DEPENDENT = Set.of("days_in_month", "day_of_month", "day_of_week", "day_of_year",
            "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

    private AtModifierRewriter() {}

    static boolean usesTimeDependentFunction(Expr expr) {
        return switch (expr) {
            case Call call -> TIME_DEPENDENT.contains(call.function().name())
                    || call.arguments().stream().anyMatch(AtModifierRewriter::usesTimeDependentFunction);
            case Aggregation aggregation -> usesTimeDependentFunction(aggregation.expr())
                    || (aggregation.parameter() != null && usesTimeDependentFunction(aggregation.parameter()));
            case BinaryExpr binary -> usesTimeDependentFunction(binary.left()) || usesTimeDependentFunction(binary.right());
            case UnaryExpr unary -> usesTimeDependentFunction(unary.operand());
            case ParenExpr paren -> usesTimeDependentFunction(paren.inner());
            case Subquery subquery -> usesTimeDependentFunction(subquery.expr());
            case NumberLiteral ignored -> false;
            case StringLiteral ignored -> false;
            case VectorSelector ignored -> false;
            case MatrixSelector ignored -> false;
        };
    }

    static Expr pin(Expr expr, long time) {
        AtModifier at = AtModifier.at(time);
        return switch (expr) {
            case VectorSelector selector -> selector.at() == null ? selector.withAt(at) : selector;
            case MatrixSelector matrix -> matrix.selector().at() == null
                    ? matrix.withSelector(matrix.selector().withAt(at))
                    : matrix;
            // Pinning the subquery pins its whole inner evaluation; its selectors must keep stepping.
            case Subquery subquery -> subquery.at() == null ? subquery.withAt(at) : subquery;
            case Call call -> new Call(call.function(), call.arguments().stream().map(argument -> pin(argument, time)).toList());
            case Aggregation aggregation -> new Aggregation(aggregation.operator(), pin(aggregation.expr(), time),
                    aggregation.parameter() == null ? null : pin(aggregation.parameter(), time), aggregation.grouping(),
                    aggregation.without());
            case BinaryExpr binary -> new BinaryExpr(binary.operator(), pin(binary.left(), time), pin(binary.right(), time),
                    binary.returnBool(), binary.matching());
            case UnaryExpr unary -> new UnaryExpr(unary.negate(), pin(unary.operand(), time));
            case ParenExpr paren -> new ParenExpr(pin(paren.inner(), time));
            case NumberLiteral number -> number;
            case StringLiteral string -> string;
        };
    }

    /** The other times upstream runs the pinned query at. */
    static List<Long> otherTimes(long time) {
        if (time == 0) {
            return List.of(-1000L, 0L, 1000L);
        }
        return List.of(-10 * time, 0L, time / 5, time, 10 * time);
    }
}
