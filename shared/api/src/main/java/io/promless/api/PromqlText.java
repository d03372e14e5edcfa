package io.promless.api;

import io.promless.api.json.PrometheusNumbers;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
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
import io.promless.promql.ast.VectorMatching;
import io.promless.promql.ast.VectorSelector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PromQL text as Prometheus's parser package writes it: {@link #string} is its {@code String()}
 * (label matchers sorted and comma-joined, numbers in Go's {@code 'f'} form, {@code @} with three
 * decimals) and {@link #pretty} its {@code Pretty(0)}, which /api/v1/format_query answers: a node
 * whose text fits in 100 characters stays on one line, a longer one is split with two-space
 * indentation per level. Written from Prometheus's documented behaviour, not its code.
 */
final class PromqlText {
    static final int MAX_CHARACTERS_PER_LINE = 100;
    private static final String INDENT = "  ";

    private PromqlText() {}

    static String pretty(Expr expr) {
        return pretty(expr, 0);
    }

    private static String pretty(Expr expr, int level) {
        String indent = INDENT.repeat(level);
        String flat = string(expr);
        return switch (expr) {
            case Aggregation aggregation -> {
                if (fits(flat)) {
                    yield indent + flat;
                }
                StringBuilder out = new StringBuilder(indent).append(aggregationHead(aggregation)).append("(\n");
                if (aggregation.parameter() != null) {
                    out.append(pretty(aggregation.parameter(), level + 1)).append(",\n");
                }
                yield out.append(pretty(aggregation.expr(), level + 1)).append('\n').append(indent).append(')').toString();
            }
            case BinaryExpr binary -> {
                if (fits(flat)) {
                    yield indent + flat;
                }
                yield pretty(binary.left(), level + 1) + '\n' + indent + binary.operator().text()
                        + (binary.returnBool() ? " bool" : "") + matching(binary) + '\n'
                        + pretty(binary.right(), level + 1);
            }
            case Call call -> {
                if (fits(flat)) {
                    yield indent + flat;
                }
                List<String> arguments = new ArrayList<>();
                for (Expr argument : call.arguments()) {
                    arguments.add(pretty(argument, level + 1));
                }
                yield indent + call.function().name() + "(\n" + String.join(",\n", arguments) + '\n' + indent + ')';
            }
            case ParenExpr paren -> fits(flat)
                    ? indent + flat
                    : indent + "(\n" + pretty(paren.inner(), level + 1) + '\n' + indent + ')';
            // Prometheus does not indent a subquery that fits, whatever its level.
            case Subquery subquery -> fits(flat) ? flat : pretty(subquery.expr(), level) + subqueryRange(subquery);
            case UnaryExpr unary -> indent + (unary.negate() ? '-' : '+') + pretty(unary.operand(), level).strip();
            case NumberLiteral number -> indent + flat;
            case StringLiteral string -> indent + flat;
            case VectorSelector selector -> indent + flat;
            case MatrixSelector matrix -> indent + flat;
        };
    }

    private static boolean fits(String text) {
        return text.length() <= MAX_CHARACTERS_PER_LINE;
    }

    static String string(Expr expr) {
        return switch (expr) {
            case NumberLiteral number -> PrometheusNumbers.formatScalarValue(number.value());
            case StringLiteral string -> GoQuote.quote(string.value());
            case VectorSelector selector -> selector(selector) + rangeMode(selector.rangeMode())
                    + modifiers(selector.at(), selector.offset(), selector.offsetExpression());
            case MatrixSelector matrix -> selector(matrix.selector()) + '['
                    + duration(matrix.range(), matrix.rangeExpression()) + ']'
                    + rangeMode(matrix.selector().rangeMode())
                    + modifiers(matrix.selector().at(), matrix.selector().offset(), matrix.selector().offsetExpression());
            case Subquery subquery -> string(subquery.expr()) + subqueryRange(subquery);
            case UnaryExpr unary -> (unary.negate() ? "-" : "+") + string(unary.operand());
            case ParenExpr paren -> '(' + string(paren.inner()) + ')';
            case BinaryExpr binary -> string(binary.left()) + ' ' + binary.operator().text()
                    + (binary.returnBool() ? " bool" : "") + matching(binary) + ' ' + string(binary.right());
            case Call call -> {
                List<String> arguments = new ArrayList<>();
                for (Expr argument : call.arguments()) {
                    arguments.add(string(argument));
                }
                yield call.function().name() + '(' + String.join(", ", arguments) + ')';
            }
            case Aggregation aggregation -> aggregationHead(aggregation) + '('
                    + (aggregation.parameter() == null ? "" : string(aggregation.parameter()) + ", ")
                    + string(aggregation.expr()) + ')';
        };
    }

    /** {@code sum}, {@code sum by (job) } or {@code sum without () }: Prometheus keeps the trailing space. */
    private static String aggregationHead(Aggregation aggregation) {
        String operator = aggregation.operator().text();
        if (aggregation.without()) {
            return operator + " without (" + groupingLabels(aggregation.grouping()) + ") ";
        }
        if (!aggregation.grouping().isEmpty()) {
            return operator + " by (" + groupingLabels(aggregation.grouping()) + ") ";
        }
        return operator;
    }

    private static String groupingLabels(List<String> names) {
        List<String> written = new ArrayList<>(names.size());
        for (String name : names) {
            written.add(LabelNames.isLegacyMetricName(name) ? name : GoQuote.quote(name));
        }
        return String.join(", ", written);
    }

    private static String matching(BinaryExpr binary) {
        VectorMatching matching = binary.matching();
        if (matching == null || (!matching.on() && matching.labels().isEmpty())) {
            return fill(matching);
        }
        StringBuilder out = new StringBuilder(matching.on() ? " on (" : " ignoring (")
                .append(String.join(", ", matching.labels())).append(')');
        switch (matching.cardinality()) {
            case MANY_TO_ONE -> out.append(" group_left (").append(String.join(", ", matching.include())).append(')');
            case ONE_TO_MANY -> out.append(" group_right (").append(String.join(", ", matching.include())).append(')');
            case ONE_TO_ONE, MANY_TO_MANY -> {}
        }
        return out.append(fill(matching)).toString();
    }

    /** The experimental fill modifiers, spelled as the PromQL parser reads them. */
    private static String fill(VectorMatching matching) {
        if (matching == null || !matching.hasFill()) {
            return "";
        }
        if (matching.fillLeft() != null && matching.fillLeft().equals(matching.fillRight())) {
            return " fill(" + PrometheusNumbers.formatScalarValue(matching.fillLeft()) + ')';
        }
        String out = "";
        if (matching.fillLeft() != null) {
            out += " fill_left(" + PrometheusNumbers.formatScalarValue(matching.fillLeft()) + ')';
        }
        if (matching.fillRight() != null) {
            out += " fill_right(" + PrometheusNumbers.formatScalarValue(matching.fillRight()) + ')';
        }
        return out;
    }

    /**
     * The name, then the other matchers sorted by their text and joined with commas; the name
     * matcher is left out when the name is written before the braces. A name that needs quotes
     * goes inside the braces, first.
     */
    private static String selector(VectorSelector selector) {
        String name = selector.metricName() == null ? "" : selector.metricName();
        List<String> matchers = new ArrayList<>();
        for (LabelMatcher matcher : selector.matchers()) {
            boolean isTheName = matcher.name().equals(Labels.METRIC_NAME) && matcher.type() == MatchType.EQUAL
                    && !name.isEmpty() && matcher.value().equals(name);
            if (!isTheName) {
                matchers.add(matcher(matcher));
            }
        }
        Collections.sort(matchers);
        if (!name.isEmpty() && !LabelNames.isLegacyMetricName(name)) {
            matchers.add(0, GoQuote.quote(name));
            name = "";
        }
        return matchers.isEmpty() ? name : name + '{' + String.join(",", matchers) + '}';
    }

    private static String matcher(LabelMatcher matcher) {
        String name = matcher.name();
        boolean plain = !name.isEmpty();
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
        }
        return (plain ? name : GoQuote.quote(name)) + matcher.type().operator() + GoQuote.quote(matcher.value());
    }

    private static String rangeMode(RangeMode mode) {
        return switch (mode) {
            case NORMAL -> "";
            case ANCHORED -> " anchored";
            case SMOOTHED -> " smoothed";
        };
    }

    private static String subqueryRange(Subquery subquery) {
        String step = subquery.stepExpression() != null
                ? durationExpression(subquery.stepExpression())
                : subquery.step() == 0 ? "" : PrometheusDuration.format(subquery.step());
        return '[' + duration(subquery.range(), subquery.rangeExpression()) + ':' + step + ']'
                + modifiers(subquery.at(), subquery.offset(), subquery.offsetExpression());
    }

    /** {@code @} first, then {@code offset}, as Prometheus prints them. */
    private static String modifiers(AtModifier at, long offset, Expr offsetExpression) {
        String out = "";
        if (at != null) {
            out += switch (at.kind()) {
                case TIMESTAMP -> " @ " + BigDecimal.valueOf(at.timestamp()).movePointLeft(3).setScale(3).toPlainString();
                case START -> " @ start()";
                case END -> " @ end()";
            };
        }
        if (offsetExpression != null) {
            out += " offset " + durationExpression(offsetExpression);
        } else if (offset > 0) {
            out += " offset " + PrometheusDuration.format(offset);
        } else if (offset < 0) {
            out += " offset -" + PrometheusDuration.format(-offset);
        }
        return out;
    }

    private static String duration(long millis, Expr expression) {
        return expression == null ? PrometheusDuration.format(millis) : durationExpression(expression);
    }

    /** Experimental duration expressions: parenthesised unless a call or already in parentheses. */
    private static String durationExpression(Expr expression) {
        String text = string(expression);
        return expression instanceof Call || expression instanceof ParenExpr ? text : '(' + text + ')';
    }
}
