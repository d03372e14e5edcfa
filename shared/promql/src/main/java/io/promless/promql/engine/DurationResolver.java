package io.promless.promql.engine;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.ScalarArithmetic;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.VectorSelector;

/**
 * Replaces duration expressions that depend on the query (step(), range() ...) by their values
 * for one query's start, end and step, so evaluation sees only plain durations.
 */
final class DurationResolver {
    private final long start;
    private final long end;
    private final long step;

    DurationResolver(long start, long end, long step) {
        this.start = start;
        this.end = end;
        this.step = step;
    }

    Expr resolve(Expr expr) {
        return switch (expr) {
            case NumberLiteral number -> number;
            case StringLiteral string -> string;
            case VectorSelector selector -> resolveSelector(selector);
            case MatrixSelector matrix -> {
                VectorSelector selector = resolveSelector(matrix.selector());
                if (matrix.rangeExpression() == null) {
                    yield matrix.withSelector(selector);
                }
                long range = millis(matrix.rangeExpression());
                if (range <= 0) {
                    throw new PromlessException(ErrorType.BAD_DATA, "range must be greater than 0, got " + range + "ms");
                }
                yield new MatrixSelector(selector, range);
            }
            case Subquery subquery -> {
                long range = subquery.rangeExpression() == null ? subquery.range() : millis(subquery.rangeExpression());
                long subqueryStep = subquery.stepExpression() == null ? subquery.step() : millis(subquery.stepExpression());
                long offset = subquery.offsetExpression() == null ? subquery.offset() : millis(subquery.offsetExpression());
                yield new Subquery(resolve(subquery.expr()), range, subqueryStep, offset, subquery.at());
            }
            case UnaryExpr unary -> new UnaryExpr(unary.negate(), resolve(unary.operand()));
            case ParenExpr paren -> new ParenExpr(resolve(paren.inner()));
            case BinaryExpr binary -> new BinaryExpr(binary.operator(), resolve(binary.left()), resolve(binary.right()),
                    binary.returnBool(), binary.matching());
            case Call call -> new Call(call.function(), call.arguments().stream().map(this::resolve).toList());
            case Aggregation aggregation -> new Aggregation(aggregation.operator(), resolve(aggregation.expr()),
                    aggregation.parameter() == null ? null : resolve(aggregation.parameter()), aggregation.grouping(),
                    aggregation.without());
        };
    }

    private VectorSelector resolveSelector(VectorSelector selector) {
        if (selector.offsetExpression() == null) {
            return selector;
        }
        return selector.withOffset(millis(selector.offsetExpression()));
    }

    private long millis(Expr duration) {
        return Math.round(seconds(duration) * 1000);
    }

    private double seconds(Expr duration) {
        return switch (duration) {
            case NumberLiteral number -> number.value();
            case ParenExpr paren -> seconds(paren.inner());
            case UnaryExpr unary -> unary.negate() ? -seconds(unary.operand()) : seconds(unary.operand());
            case BinaryExpr binary -> ScalarArithmetic.apply(binary.operator(), seconds(binary.left()), seconds(binary.right()));
            case Call call -> switch (call.function().name()) {
                case "step" -> step / 1000.0;
                case "range" -> (end - start) / 1000.0;
                case "start" -> start / 1000.0;
                case "end" -> end / 1000.0;
                case "min_of" -> Math.min(seconds(call.arguments().get(0)), seconds(call.arguments().get(1)));
                case "max_of" -> Math.max(seconds(call.arguments().get(0)), seconds(call.arguments().get(1)));
                default -> throw new IllegalStateException("function " + call.function().name() + " in a duration");
            };
            default -> throw new IllegalStateException("not a duration expression: " + duration);
        };
    }

    static boolean needed(Expr expr) {
        return switch (expr) {
            case NumberLiteral ignored -> false;
            case StringLiteral ignored -> false;
            case VectorSelector selector -> selector.offsetExpression() != null;
            case MatrixSelector matrix -> matrix.rangeExpression() != null || matrix.selector().offsetExpression() != null;
            case Subquery subquery -> subquery.rangeExpression() != null || subquery.stepExpression() != null
                    || subquery.offsetExpression() != null || needed(subquery.expr());
            case UnaryExpr unary -> needed(unary.operand());
            case ParenExpr paren -> needed(paren.inner());
            case BinaryExpr binary -> needed(binary.left()) || needed(binary.right());
            case Call call -> call.arguments().stream().anyMatch(DurationResolver::needed);
            case Aggregation aggregation -> needed(aggregation.expr())
                    || (aggregation.parameter() != null && needed(aggregation.parameter()));
        };
    }
}
