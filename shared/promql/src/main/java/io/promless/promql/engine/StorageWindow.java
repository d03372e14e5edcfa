package io.promless.promql.engine;

import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.AtModifier;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.RangeMode;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.VectorSelector;

/** The time window {@code [min, max]} a query reads from storage, so one querier serves it. */
final class StorageWindow {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;

    private final long queryStart;
    private final long queryEnd;
    private final long lookback;
    private final long defaultStep;

    private StorageWindow(long queryStart, long queryEnd, long lookback, long defaultStep) {
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
        this.lookback = lookback;
        this.defaultStep = defaultStep;
    }

    static StorageWindow of(Expr expr, long start, long end, long lookback, long defaultStep) {
        StorageWindow window = new StorageWindow(start, end, lookback, defaultStep);
        window.visit(expr, start, end);
        if (window.min > window.max) {
            window.min = start;
            window.max = end;
        }
        return window;
    }

    private void visit(Expr expr, long start, long end) {
        switch (expr) {
            case NumberLiteral ignored -> {}
            case StringLiteral ignored -> {}
            case VectorSelector selector -> cover(selector.at(), selector.offset(), lookback, extension(selector), start, end);
            case MatrixSelector matrix -> cover(matrix.selector().at(), matrix.selector().offset(),
                    matrix.range() + extension(matrix.selector()), extension(matrix.selector()), start, end);
            case Subquery subquery -> {
                long from = subquery.at() == null ? start : subquery.at().resolve(queryStart, queryEnd);
                long to = subquery.at() == null ? end : from;
                long step = subquery.step() == 0 ? defaultStep : subquery.step();
                visit(subquery.expr(), from - subquery.offset() - subquery.range() - step, to - subquery.offset());
            }
            case UnaryExpr unary -> visit(unary.operand(), start, end);
            case ParenExpr paren -> visit(paren.inner(), start, end);
            case BinaryExpr binary -> {
                visit(binary.left(), start, end);
                visit(binary.right(), start, end);
            }
            case Call call -> call.arguments().forEach(argument -> visit(argument, start, end));
            case Aggregation aggregation -> {
                visit(aggregation.expr(), start, end);
                if (aggregation.parameter() != null) {
                    visit(aggregation.parameter(), start, end);
                }
            }
        }
    }

    /** Anchored and smoothed selectors also read up to one lookback beyond their window. */
    private long extension(VectorSelector selector) {
        return selector.rangeMode() == RangeMode.NORMAL ? 0 : lookback;
    }

    private void cover(AtModifier at, long offset, long range, long after, long start, long end) {
        long from = at == null ? start : at.resolve(queryStart, queryEnd);
        long to = at == null ? end : from;
        min = Math.min(min, from - offset - range);
        max = Math.max(max, to - offset + after);
    }
}
