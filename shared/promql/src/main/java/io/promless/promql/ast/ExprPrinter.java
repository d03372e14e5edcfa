package io.promless.promql.ast;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import java.util.List;

/** Prints an AST back to PromQL text that parses to an equal AST. */
public final class ExprPrinter {
    private ExprPrinter() {}

    public static String print(Expr expr) {
        StringBuilder out = new StringBuilder();
        append(out, expr);
        return out.toString();
    }

    private static void append(StringBuilder out, Expr expr) {
        switch (expr) {
            case NumberLiteral number -> appendNumber(out, number.value());
            case StringLiteral string -> appendQuoted(out, string.value());
            case VectorSelector selector -> appendSelector(out, selector);
            case MatrixSelector matrix -> {
                appendSelectorBody(out, matrix.selector());
                out.append('[');
                appendDuration(out, matrix.range(), matrix.rangeExpression());
                out.append(']');
                appendRangeMode(out, matrix.selector().rangeMode());
                appendModifiers(out, matrix.selector().offset(), matrix.selector().offsetExpression(), matrix.selector().at());
            }
            case Subquery subquery -> {
                append(out, subquery.expr());
                out.append('[');
                appendDuration(out, subquery.range(), subquery.rangeExpression());
                out.append(':');
                if (subquery.step() != 0 || subquery.stepExpression() != null) {
                    appendDuration(out, subquery.step(), subquery.stepExpression());
                }
                out.append(']');
                appendModifiers(out, subquery.offset(), subquery.offsetExpression(), subquery.at());
            }
            case UnaryExpr unary -> {
                out.append(unary.negate() ? '-' : '+');
                append(out, unary.operand());
            }
            case ParenExpr paren -> {
                out.append('(');
                append(out, paren.inner());
                out.append(')');
            }
            case BinaryExpr binary -> appendBinary(out, binary);
            case Call call -> {
                out.append(call.function().name()).append('(');
                appendList(out, call.arguments());
                out.append(')');
            }
            case Aggregation aggregation -> appendAggregation(out, aggregation);
        }
    }

    private static void appendNumber(StringBuilder out, double value) {
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "Inf" : "-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(Double.toString(value).replace("E", "e"));
        }
    }

    private static void appendSelector(StringBuilder out, VectorSelector selector) {
        appendSelectorBody(out, selector);
        appendRangeMode(out, selector.rangeMode());
        appendModifiers(out, selector.offset(), selector.offsetExpression(), selector.at());
    }

    private static void appendRangeMode(StringBuilder out, RangeMode mode) {
        switch (mode) {
            case NORMAL -> {}
            case ANCHORED -> out.append(" anchored");
            case SMOOTHED -> out.append(" smoothed");
        }
    }

    private static void appendDuration(StringBuilder out, long millis, Expr expression) {
        if (expression != null) {
            append(out, expression);
        } else {
            out.append(Durations.format(millis));
        }
    }

    private static void appendSelectorBody(StringBuilder out, VectorSelector selector) {
        String name = selector.metricName();
        boolean bareName = name != null && LabelNames.isLegacyMetricName(name);
        if (bareName) {
            out.append(name);
        }
        StringBuilder matchers = new StringBuilder();
        for (LabelMatcher matcher : selector.matchers()) {
            if (bareName && matcher.name().equals(Labels.METRIC_NAME) && matcher.value().equals(name)
                    && matcher.type() == io.promless.model.labels.MatchType.EQUAL) {
                continue;
            }
            if (!matchers.isEmpty()) {
                matchers.append(", ");
            }
            if (name != null && !bareName && matcher.name().equals(Labels.METRIC_NAME) && matcher.value().equals(name)
                    && matcher.type() == io.promless.model.labels.MatchType.EQUAL) {
                appendQuoted(matchers, name);
                continue;
            }
            appendLabelName(matchers, matcher.name());
            matchers.append(matcher.type().operator());
            appendQuoted(matchers, matcher.value());
        }
        if (!matchers.isEmpty() || !bareName) {
            out.append('{').append(matchers).append('}');
        }
    }

    private static void appendModifiers(StringBuilder out, long offset, Expr offsetExpression, AtModifier at) {
        if (at != null) {
            out.append(" @ ");
            switch (at.kind()) {
                case TIMESTAMP -> appendNumber(out, at.timestamp() / 1000.0);
                case START -> out.append("start()");
                case END -> out.append("end()");
            }
        }
        if (offsetExpression != null) {
            // After offset the grammar takes one atom: calls and parentheses print as they are.
            out.append(" offset ");
            boolean atom = offsetExpression instanceof Call || offsetExpression instanceof ParenExpr
                    || offsetExpression instanceof UnaryExpr unary && (unary.operand() instanceof Call || unary.operand() instanceof ParenExpr);
            if (!atom) {
                out.append('(');
            }
            append(out, offsetExpression);
            if (!atom) {
                out.append(')');
            }
        } else if (offset != 0) {
            out.append(" offset ").append(Durations.format(offset));
        }
    }

    private static void appendBinary(StringBuilder out, BinaryExpr binary) {
        append(out, binary.left());
        out.append(' ').append(binary.operator().text());
        if (binary.returnBool()) {
            out.append(" bool");
        }
        VectorMatching matching = binary.matching();
        if (matching != null) {
            boolean setOperator = binary.operator().isSetOperator();
            if (matching.on() || !matching.labels().isEmpty()) {
                out.append(matching.on() ? " on" : " ignoring");
                appendLabelList(out, matching.labels());
            }
            if (!setOperator && matching.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE) {
                out.append(" group_left");
                appendLabelList(out, matching.include());
            } else if (!setOperator && matching.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY) {
                out.append(" group_right");
                appendLabelList(out, matching.include());
            }
            appendFill(out, matching);
        }
        out.append(' ');
        append(out, binary.right());
    }

    private static void appendFill(StringBuilder out, VectorMatching matching) {
        if (matching.fillLeft() != null && matching.fillLeft().equals(matching.fillRight())) {
            out.append(" fill(");
            appendNumber(out, matching.fillLeft());
            out.append(')');
            return;
        }
        if (matching.fillLeft() != null) {
            out.append(" fill_left(");
            appendNumber(out, matching.fillLeft());
            out.append(')');
        }
        if (matching.fillRight() != null) {
            out.append(" fill_right(");
            appendNumber(out, matching.fillRight());
            out.append(')');
        }
    }

    private static void appendAggregation(StringBuilder out, Aggregation aggregation) {
        out.append(aggregation.operator().text());
        if (aggregation.without() || !aggregation.grouping().isEmpty()) {
            out.append(aggregation.without() ? " without" : " by");
            appendLabelList(out, aggregation.grouping());
            out.append(' ');
        }
        out.append('(');
        if (aggregation.parameter() != null) {
            append(out, aggregation.parameter());
            out.append(", ");
        }
        append(out, aggregation.expr());
        out.append(')');
    }

    private static void appendList(StringBuilder out, List<Expr> expressions) {
        for (int i = 0; i < expressions.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            append(out, expressions.get(i));
        }
    }

    private static void appendLabelList(StringBuilder out, List<String> names) {
        out.append(" (");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            appendLabelName(out, names.get(i));
        }
        out.append(')');
    }

    private static void appendLabelName(StringBuilder out, String name) {
        if (LabelNames.isLegacyLabelName(name)) {
            out.append(name);
        } else {
            appendQuoted(out, name);
        }
    }

    private static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
        LabelNames.appendEscaped(out, value);
        out.append('"');
    }
}
