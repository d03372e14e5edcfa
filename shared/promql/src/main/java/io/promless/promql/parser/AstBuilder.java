package io.promless.promql.parser;

import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.AggregationOperator;
import io.promless.promql.ast.AtModifier;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.BinaryOperator;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Durations;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.FunctionDefinition;
import io.promless.promql.ast.Functions;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.VectorMatching;
import io.promless.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Builds the immutable AST from the ANTLR parse tree, running the type checks node by node. */
final class AstBuilder {
    private final boolean experimentalFunctions;
    private final java.util.IdentityHashMap<Expr, io.promless.promql.ast.Position> positions = new java.util.IdentityHashMap<>();

    AstBuilder(boolean experimentalFunctions) {
        this.experimentalFunctions = experimentalFunctions;
    }

    java.util.Map<Expr, io.promless.promql.ast.Position> positions() {
        return positions;
    }

    Expr build(PromQLParser.ExpressionContext context) {
        Expr expr = buildNode(context);
        Token start = context.getStart();
        positions.putIfAbsent(expr, new io.promless.promql.ast.Position(start.getLine(), start.getCharPositionInLine() + 1));
        return expr;
    }

    private Expr buildNode(PromQLParser.ExpressionContext context) {
        return switch (context) {
            case PromQLParser.PrimaryExpressionContext primary -> primary(primary.primary());
            case PromQLParser.UnaryExpressionContext unary -> unary(unary);
            case PromQLParser.BinaryExpressionContext binary -> binary(binary);
            case PromQLParser.PostfixExpressionContext postfix -> postfix(postfix);
            default -> throw new IllegalStateException("unknown expression node " + context.getClass());
        };
    }

    private Expr unary(PromQLParser.UnaryExpressionContext context) {
        Expr operand = build(context.expression());
        boolean negate = context.operator.getType() == PromQLParser.SUB;
        if (operand instanceof NumberLiteral number) {
            return new NumberLiteral(negate ? -number.value() : number.value());
        }
        check(context, () -> TypeChecker.checkUnary(operand));
        return new UnaryExpr(negate, operand);
    }

    private Expr binary(PromQLParser.BinaryExpressionContext context) {
        Expr left = build(context.expression(0));
        Expr right = build(context.expression(1));
        BinaryOperator operator = operator(context.operator);
        PromQLParser.BinaryModifierContext modifier = context.binaryModifier();
        boolean returnBool = modifier.BOOL() != null;
        VectorMatching matching = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, List.of(), false, List.of());
        if (modifier.matchingKind != null) {
            VectorMatching.Cardinality cardinality = VectorMatching.Cardinality.ONE_TO_ONE;
            List<String> include = List.of();
            if (modifier.groupingKind != null) {
                cardinality = modifier.groupingKind.getType() == PromQLParser.GROUP_LEFT
                        ? VectorMatching.Cardinality.MANY_TO_ONE
                        : VectorMatching.Cardinality.ONE_TO_MANY;
                include = modifier.includeLabels == null ? List.of() : labelList(modifier.includeLabels);
            }
            matching = new VectorMatching(cardinality, labelList(modifier.matchingLabels),
                    modifier.matchingKind.getType() == PromQLParser.ON, include);
        }
        if (!modifier.fillModifier().isEmpty()) {
            matching = withFill(matching, modifier.fillModifier());
        }
        BinaryExpr unchecked = new BinaryExpr(operator, left, right, returnBool, matching);
        return check(context, () -> TypeChecker.checkBinary(unchecked));
    }

    private VectorMatching withFill(VectorMatching matching, List<PromQLParser.FillModifierContext> modifiers) {
        if (!experimentalFunctions) {
            throw error(modifiers.get(0), "fill modifiers are experimental and must be enabled with --enable-feature=promql-binop-fill-modifiers");
        }
        Double left = null;
        Double right = null;
        for (PromQLParser.FillModifierContext modifier : modifiers) {
            double value = number(modifier.number());
            if (modifier.sign != null && modifier.sign.getType() == PromQLParser.SUB) {
                value = -value;
            }
            String kind = modifier.IDENTIFIER().getText();
            if ((kind.equals("fill") || kind.equals("fill_left")) && left != null
                    || (kind.equals("fill") || kind.equals("fill_right")) && right != null) {
                throw error(modifier, "duplicate fill modifier");
            }
            if (!kind.equals("fill_right")) {
                left = value;
            }
            if (!kind.equals("fill_left")) {
                right = value;
            }
        }
        return new VectorMatching(matching.cardinality(), matching.labels(), matching.on(), matching.include(), left, right);
    }

    private static BinaryOperator operator(Token token) {
        return switch (token.getType()) {
            case PromQLParser.POW -> BinaryOperator.POW;
            case PromQLParser.MUL -> BinaryOperator.MUL;
            case PromQLParser.DIV -> BinaryOperator.DIV;
            case PromQLParser.MOD -> BinaryOperator.MOD;
            case PromQLParser.ATAN2 -> BinaryOperator.ATAN2;
            case PromQLParser.ADD -> BinaryOperator.ADD;
            case PromQLParser.SUB -> BinaryOperator.SUB;
            case PromQLParser.EQL -> BinaryOperator.EQL;
            case PromQLParser.NEQ -> BinaryOperator.NEQ;
            case PromQLParser.GTR -> BinaryOperator.GTR;
            case PromQLParser.LSS -> BinaryOperator.LSS;
            case PromQLParser.GTE -> BinaryOperator.GTE;
            case PromQLParser.LTE -> BinaryOperator.LTE;
            case PromQLParser.AND -> BinaryOperator.AND;
            case PromQLParser.UNLESS -> BinaryOperator.UNLESS;
            case PromQLParser.OR -> BinaryOperator.OR;
            default -> throw new IllegalStateException("unknown operator " + token.getText());
        };
    }

    private Expr postfix(PromQLParser.PostfixExpressionContext context) {
        Expr operand = build(context.expression());
        return switch (context.postfixModifier()) {
            case PromQLParser.RangeModifierContext range -> {
                if (!(operand instanceof VectorSelector selector)) {
                    throw error(context, "ranges only allowed for vector selectors");
                }
                if (selector.hasOffset() || selector.at() != null || selector.rangeMode() != io.promless.promql.ast.RangeMode.NORMAL) {
                    throw error(context, "no offset, @ or smoothed modifiers allowed before range");
                }
                Expr expression = durationExpression(range.range);
                if (!(expression instanceof NumberLiteral literal)) {
                    yield new MatrixSelector(selector, 0, expression);
                }
                long millis = Math.round(literal.value() * 1000);
                if (millis <= 0) {
                    throw error(range, "range must be greater than 0");
                }
                yield new MatrixSelector(selector, millis);
            }
            case PromQLParser.SubqueryModifierContext subquery -> {
                check(context, () -> TypeChecker.checkSubquery(operand));
                Expr range = durationExpression(subquery.range);
                Expr step = subquery.step == null ? new NumberLiteral(0) : durationExpression(subquery.step);
                yield new Subquery(operand, millis(range), millis(step), 0, null,
                        range instanceof NumberLiteral ? null : range, step instanceof NumberLiteral ? null : step, null);
            }
            case PromQLParser.OffsetModifierContext offset -> {
                Expr expression = durationAtom(offset.durationAtom());
                boolean negative = offset.sign != null && offset.sign.getType() == PromQLParser.SUB;
                if (expression instanceof NumberLiteral literal) {
                    long millis = Math.round(literal.value() * 1000);
                    yield withOffset(context, operand, negative ? -millis : millis, null);
                }
                yield withOffset(context, operand, 0, negative ? new UnaryExpr(true, expression) : expression);
            }
            case PromQLParser.AtTimestampModifierContext at -> {
                double seconds = number(at.number());
                if (at.sign != null && at.sign.getType() == PromQLParser.SUB) {
                    seconds = -seconds;
                }
                if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                    throw error(at, "timestamp out of bounds for @ modifier: " + seconds);
                }
                yield withAt(context, operand, AtModifier.at(Math.round(seconds * 1000)));
            }
            case PromQLParser.ExtendedRangeModifierContext extended -> {
                if (!experimentalFunctions) {
                    throw error(extended, "the anchored and smoothed modifiers are experimental and not enabled");
                }
                io.promless.promql.ast.RangeMode mode = extended.IDENTIFIER().getText().equals("anchored")
                        ? io.promless.promql.ast.RangeMode.ANCHORED
                        : io.promless.promql.ast.RangeMode.SMOOTHED;
                yield switch (operand) {
                    case MatrixSelector matrix when matrix.selector().rangeMode() == io.promless.promql.ast.RangeMode.NORMAL ->
                            matrix.withSelector(matrix.selector().withRangeMode(mode));
                    case VectorSelector selector when mode == io.promless.promql.ast.RangeMode.SMOOTHED
                            && selector.rangeMode() == io.promless.promql.ast.RangeMode.NORMAL -> selector.withRangeMode(mode);
                    default -> throw error(extended, extended.IDENTIFIER().getText()
                            + " modifier must directly follow a range vector selector" + (mode == io.promless.promql.ast.RangeMode.SMOOTHED ? " or an instant vector selector" : ""));
                };
            }
            case PromQLParser.AtFunctionModifierContext at -> {
                String name = at.IDENTIFIER().getText();
                AtModifier modifier = switch (name) {
                    case "start" -> new AtModifier(AtModifier.Kind.START, 0);
                    case "end" -> new AtModifier(AtModifier.Kind.END, 0);
                    default -> throw error(at, "unexpected function " + name + " in @ modifier, expected start() or end()");
                };
                yield withAt(context, operand, modifier);
            }
            default -> throw new IllegalStateException("unknown modifier");
        };
    }

    private static long millis(Expr duration) {
        return duration instanceof NumberLiteral literal ? Math.round(literal.value() * 1000) : 0;
    }

    /** A duration in seconds: folded to a NumberLiteral unless it calls a query-dependent function. */
    private Expr durationExpression(PromQLParser.DurationExpressionContext context) {
        Expr expression = switch (context) {
            case PromQLParser.AtomDurationContext atom -> durationAtom(atom.durationAtom());
            case PromQLParser.UnaryDurationContext unary -> {
                Expr operand = durationExpression(unary.durationExpression());
                yield unary.operator.getType() == PromQLParser.SUB ? new UnaryExpr(true, operand) : operand;
            }
            case PromQLParser.BinaryDurationContext binary -> new BinaryExpr(operator(binary.operator),
                    durationExpression(binary.durationExpression(0)), durationExpression(binary.durationExpression(1)), false, null);
            default -> throw new IllegalStateException("unknown duration node " + context.getClass());
        };
        return fold(expression);
    }

    private Expr durationAtom(PromQLParser.DurationAtomContext context) {
        return switch (context) {
            case PromQLParser.LiteralDurationContext literal -> new NumberLiteral(durationSeconds(literal.getStart()));
            case PromQLParser.ParenthesizedDurationContext paren -> {
                Expr inner = durationExpression(paren.durationExpression());
                yield inner instanceof NumberLiteral ? inner : new ParenExpr(inner);
            }
            case PromQLParser.CallDurationContext call -> {
                String name = call.IDENTIFIER().getText().toLowerCase(Locale.ROOT);
                if (!DURATION_FUNCTIONS.contains(name)) {
                    throw error(call, "unexpected function \"" + call.IDENTIFIER().getText() + "\" in duration expression");
                }
                if (!experimentalFunctions) {
                    throw error(call, "experimental duration expressions are not enabled");
                }
                FunctionDefinition function = Functions.byName(name).orElseThrow();
                List<Expr> arguments = new ArrayList<>();
                for (PromQLParser.DurationExpressionContext argument : call.durationExpression()) {
                    arguments.add(durationExpression(argument));
                }
                check(call, () -> TypeChecker.checkCall(function, arguments));
                yield fold(new Call(function, arguments));
            }
            default -> throw new IllegalStateException("unknown duration atom " + context.getClass());
        };
    }

    private static final java.util.Set<String> DURATION_FUNCTIONS = java.util.Set.of("step", "range", "min_of", "max_of");

    /** Folds arithmetic over literals; anything that calls step() or range() stays an expression. */
    private static Expr fold(Expr expression) {
        return switch (expression) {
            case UnaryExpr unary when unary.operand() instanceof NumberLiteral literal -> new NumberLiteral(-literal.value());
            case BinaryExpr binary when binary.left() instanceof NumberLiteral left && binary.right() instanceof NumberLiteral right ->
                    new NumberLiteral(io.promless.promql.ast.ScalarArithmetic.apply(binary.operator(), left.value(), right.value()));
            case Call call when call.arguments().size() == 2 && call.arguments().get(0) instanceof NumberLiteral left
                    && call.arguments().get(1) instanceof NumberLiteral right ->
                    new NumberLiteral(call.function().name().equals("min_of") ? Math.min(left.value(), right.value())
                            : Math.max(left.value(), right.value()));
            default -> expression;
        };
    }

    private double durationSeconds(Token token) {
        return switch (token.getType()) {
            case PromQLParser.DURATION -> durationMillis(token) / 1000.0;
            case PromQLParser.HEX_NUMBER -> (double) Long.parseLong(token.getText().substring(2).replace("_", ""), 16);
            default -> parseDecimal(token);
        };
    }

    private Expr withOffset(ParserRuleContext context, Expr operand, long offset, Expr offsetExpression) {
        return switch (operand) {
            case VectorSelector selector -> {
                if (selector.hasOffset()) {
                    throw error(context, "offset may not be set multiple times");
                }
                yield offsetExpression == null ? selector.withOffset(offset) : selector.withOffsetExpression(offsetExpression);
            }
            case MatrixSelector matrix -> {
                if (matrix.selector().hasOffset()) {
                    throw error(context, "offset may not be set multiple times");
                }
                yield matrix.withSelector(offsetExpression == null
                        ? matrix.selector().withOffset(offset)
                        : matrix.selector().withOffsetExpression(offsetExpression));
            }
            case Subquery subquery -> {
                if (subquery.hasOffset()) {
                    throw error(context, "offset may not be set multiple times");
                }
                yield offsetExpression == null ? subquery.withOffset(offset) : subquery.withOffsetExpression(offsetExpression);
            }
            default -> throw error(context, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    private Expr withAt(ParserRuleContext context, Expr operand, AtModifier at) {
        return switch (operand) {
            case VectorSelector selector -> {
                if (selector.at() != null) {
                    throw error(context, "@ <timestamp> may not be set multiple times");
                }
                yield selector.withAt(at);
            }
            case MatrixSelector matrix -> {
                if (matrix.selector().at() != null) {
                    throw error(context, "@ <timestamp> may not be set multiple times");
                }
                yield matrix.withSelector(matrix.selector().withAt(at));
            }
            case Subquery subquery -> {
                if (subquery.at() != null) {
                    throw error(context, "@ <timestamp> may not be set multiple times");
                }
                yield subquery.withAt(at);
            }
            default -> throw error(context, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    private Expr primary(PromQLParser.PrimaryContext context) {
        return switch (context) {
            case PromQLParser.NumberLiteralContext number -> new NumberLiteral(number(number.number()));
            case PromQLParser.StringLiteralContext string -> new StringLiteral(string(string.STRING().getSymbol()));
            case PromQLParser.ParenthesizedContext paren -> new ParenExpr(build(paren.expression()));
            case PromQLParser.SelectorContext selector -> selector(selector.vectorSelector());
            case PromQLParser.GroupedAggregationContext aggregation -> aggregation(aggregation.IDENTIFIER().getSymbol(),
                    aggregation.grouping(), aggregation.arguments(), aggregation);
            case PromQLParser.CallContext call -> call(call);
            default -> throw new IllegalStateException("unknown primary " + context.getClass());
        };
    }

    private Expr call(PromQLParser.CallContext context) {
        Token name = context.IDENTIFIER().getSymbol();
        if (AggregationOperator.byName(name.getText()).isPresent()) {
            return aggregation(name, context.grouping(), context.arguments(), context);
        }
        if (context.grouping() != null) {
            throw error(context.grouping(), "unexpected grouping after call to function \"" + name.getText() + "\"");
        }
        FunctionDefinition function = Functions.byName(name.getText())
                .orElseThrow(() -> error(name, "unknown function with name \"" + name.getText() + "\""));
        if (function.experimental() && !experimentalFunctions) {
            throw error(name, "function \"" + name.getText() + "\" is not enabled");
        }
        List<Expr> arguments = arguments(context.arguments());
        check(context, () -> TypeChecker.checkCall(function, arguments));
        return new Call(function, arguments);
    }

    private Expr aggregation(Token name, PromQLParser.GroupingContext grouping, PromQLParser.ArgumentsContext argumentsContext,
            ParserRuleContext context) {
        AggregationOperator operator = AggregationOperator.byName(name.getText())
                .orElseThrow(() -> error(name, "unknown aggregation operator \"" + name.getText() + "\""));
        if ((operator == AggregationOperator.LIMITK || operator == AggregationOperator.LIMIT_RATIO) && !experimentalFunctions) {
            throw error(name, "limitk() and limit_ratio() are experimental and must be enabled with --enable-feature=promql-experimental-functions");
        }
        List<Expr> arguments = arguments(argumentsContext);
        int expected = operator.parameterType() == null ? 1 : 2;
        if (arguments.size() != expected) {
            throw error(context, "wrong number of arguments for aggregate expression provided, expected " + expected + ", got " + arguments.size());
        }
        List<String> labels = grouping == null ? List.of() : labelList(grouping.labelList());
        boolean without = grouping != null && grouping.kind.getType() == PromQLParser.WITHOUT;
        Aggregation aggregation = expected == 1
                ? new Aggregation(operator, arguments.get(0), null, labels, without)
                : new Aggregation(operator, arguments.get(1), arguments.get(0), labels, without);
        check(context, () -> TypeChecker.checkAggregation(aggregation));
        return aggregation;
    }

    private List<Expr> arguments(PromQLParser.ArgumentsContext context) {
        List<Expr> arguments = new ArrayList<>();
        if (context != null) {
            for (PromQLParser.ExpressionContext argument : context.expression()) {
                arguments.add(build(argument));
            }
        }
        return arguments;
    }

    private Expr selector(PromQLParser.VectorSelectorContext context) {
        String metricName = null;
        List<LabelMatcher> matchers = new ArrayList<>();
        if (context.IDENTIFIER() != null) {
            metricName = context.IDENTIFIER().getText();
            if (AggregationOperator.byName(metricName).isPresent() && context.labelMatchers() == null) {
                throw error(context, "unexpected end of input in aggregation");
            }
            matchers.add(LabelMatcher.equal(Labels.METRIC_NAME, metricName));
        }
        if (context.labelMatchers() != null) {
            for (PromQLParser.MatcherContext matcher : context.labelMatchers().matcher()) {
                if (matcher instanceof PromQLParser.QuotedMetricNameContext quoted) {
                    String name = string(quoted.STRING().getSymbol());
                    if (metricName != null) {
                        throw error(matcher, "metric name must not be set twice: \"" + metricName + "\" or \"" + name + "\"");
                    }
                    metricName = name;
                    matchers.add(LabelMatcher.equal(Labels.METRIC_NAME, name));
                } else {
                    PromQLParser.LabelMatcherContext labelMatcher = (PromQLParser.LabelMatcherContext) matcher;
                    String name = labelName(labelMatcher.labelName());
                    String value = string(labelMatcher.STRING().getSymbol());
                    MatchType type = switch (labelMatcher.operator.getType()) {
                        case PromQLParser.EQL_SINGLE -> MatchType.EQUAL;
                        case PromQLParser.NEQ -> MatchType.NOT_EQUAL;
                        case PromQLParser.EQL_REGEX -> MatchType.REGEX;
                        case PromQLParser.NEQ_REGEX -> MatchType.NOT_REGEX;
                        default -> throw new IllegalStateException("unknown matcher operator");
                    };
                    if (name.equals(Labels.METRIC_NAME) && metricName != null && context.IDENTIFIER() != null) {
                        throw error(matcher, "metric name must not be set twice: \"" + metricName + "\" or \"" + value + "\"");
                    }
                    try {
                        matchers.add(LabelMatcher.of(type, name, value));
                    } catch (IllegalArgumentException e) {
                        throw error(matcher, e.getMessage());
                    }
                }
            }
        }
        if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
            throw error(context, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(metricName, matchers, 0, null);
    }

    private List<String> labelList(PromQLParser.LabelListContext context) {
        List<String> names = new ArrayList<>();
        for (PromQLParser.LabelNameContext name : context.labelName()) {
            names.add(labelName(name));
        }
        return names;
    }

    private String labelName(PromQLParser.LabelNameContext context) {
        String name;
        if (context.STRING() != null) {
            name = string(context.STRING().getSymbol());
        } else {
            name = context.getText();
            if (name.indexOf(':') >= 0) {
                throw error(context, "unexpected character in label name: \"" + name + "\"");
            }
        }
        if (!LabelNames.isValidName(name)) {
            throw error(context, "invalid label name \"" + name + "\"");
        }
        return name;
    }

    private double number(PromQLParser.NumberContext context) {
        Token token = context.getStart();
        String text = token.getText();
        return switch (token.getType()) {
            case PromQLParser.INF -> Double.POSITIVE_INFINITY;
            case PromQLParser.NAN -> Double.NaN;
            case PromQLParser.HEX_NUMBER -> (double) Long.parseLong(text.substring(2).replace("_", ""), 16);
            case PromQLParser.DURATION -> durationMillis(token) / 1000.0;
            default -> parseDecimal(token);
        };
    }

    private long durationMillis(Token token) {
        try {
            return Durations.parse(token.getText());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(token, "not a valid duration string: \"" + token.getText() + "\"");
        }
    }

    private double parseDecimal(Token token) {
        String text = token.getText();
        if (text.contains("_")) {
            if (text.startsWith("_") || text.endsWith("_") || text.contains("__")) {
                throw error(token, "bad number or duration syntax: \"" + text + "\"");
            }
            text = text.replace("_", "");
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(token, "bad number or duration syntax: \"" + token.getText() + "\"");
        }
    }

    private String string(Token token) {
        try {
            return StringUnquoter.unquote(token.getText());
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw error(token, e.getMessage() == null ? "invalid string" : e.getMessage());
        }
    }

    private static <T> T check(ParserRuleContext context, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw error(context, e.getMessage());
        }
    }

    private static void check(ParserRuleContext context, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw error(context, e.getMessage());
        }
    }

    private static RuntimeException error(ParserRuleContext context, String message) {
        return error(context.getStart(), message);
    }

    private static RuntimeException error(Token token, String message) {
        return ParseErrorListener.error(token.getLine(), token.getCharPositionInLine(), message);
    }
}
