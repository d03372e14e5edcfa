package io.promless.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.AggregationOperator;
import io.promless.promql.ast.AtModifier;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.BinaryOperator;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.ExprPrinter;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.VectorMatching;
import io.promless.promql.ast.VectorSelector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QueryParserTest {
    private static Expr parse(String query) {
        return QueryParser.withExperimentalFunctions().parseExpression(query);
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of("1", 1.0),
                Arguments.of("12.34e6", 12.34e6),
                Arguments.of("12.34e+6", 12.34e6),
                Arguments.of("12.34e-6", 12.34e-6),
                Arguments.of(".2", 0.2),
                Arguments.of("2.", 2.0),
                Arguments.of("0x1F", 31.0),
                Arguments.of("0X1f", 31.0),
                Arguments.of("1_000", 1000.0),
                Arguments.of("-0.2e-6", -0.2e-6),
                Arguments.of("+Inf", Double.POSITIVE_INFINITY),
                Arguments.of("inF", Double.POSITIVE_INFINITY),
                Arguments.of("-inf", Double.NEGATIVE_INFINITY),
                Arguments.of("1h30m", 5400.0),
                Arguments.of("500ms", 0.5),
                Arguments.of("1 - -1", null));
    }

    @ParameterizedTest
    @MethodSource("numbers")
    void parsesNumberLiterals(String query, Double expected) {
        Expr expr = parse(query);
        if (expected == null) {
            assertThat(expr).isInstanceOf(BinaryExpr.class);
            assertThat(((BinaryExpr) expr).right()).isEqualTo(new NumberLiteral(-1));
        } else {
            assertThat(expr).isEqualTo(new NumberLiteral(expected));
        }
    }

    @Test
    void nanLiteralIsNaN() {
        assertThat(((NumberLiteral) parse("NaN")).value()).isNaN();
        assertThat(((NumberLiteral) parse("nan")).value()).isNaN();
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("\"a\\nb\"", "a\nb"),
                Arguments.of("'it\\'s'", "it's"),
                Arguments.of("`raw\\n`", "raw\\n"),
                Arguments.of("\"\\x41\\u00e9\\U0001F600\"", "Aé😀"),
                Arguments.of("\"\\101\"", "A"),
                Arguments.of("\"\\xc3\\xa9\"", "é"));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void unescapesStrings(String query, String expected) {
        assertThat(parse(query)).isEqualTo(new StringLiteral(expected));
    }

    @Test
    void selectorWithAllMatcherTypesAndQuotedNames() {
        VectorSelector selector = (VectorSelector) parse("{\"my.metric\", \"a.b\"=\"x\", c!=\"y\", d=~\"z.*\", e!~\"w\"}");
        assertThat(selector.metricName()).isEqualTo("my.metric");
        assertThat(selector.matchers()).containsExactly(
                LabelMatcher.equal("__name__", "my.metric"),
                LabelMatcher.of(MatchType.EQUAL, "a.b", "x"),
                LabelMatcher.of(MatchType.NOT_EQUAL, "c", "y"),
                LabelMatcher.of(MatchType.REGEX, "d", "z.*"),
                LabelMatcher.of(MatchType.NOT_REGEX, "e", "w"));
    }

    @Test
    void keywordsAreValidLabelNames() {
        VectorSelector selector = (VectorSelector) parse("foo{on=\"1\", by=\"2\", offset=\"3\", bool=\"4\",}");
        assertThat(selector.matchers()).hasSize(5);
    }

    @Test
    void rangeOffsetAndAtModifiers() {
        MatrixSelector matrix = (MatrixSelector) parse("foo[5m] @ 100.5 offset -1h");
        assertThat(matrix.range()).isEqualTo(300_000);
        assertThat(matrix.selector().offset()).isEqualTo(-3_600_000);
        assertThat(matrix.selector().at()).isEqualTo(AtModifier.at(100_500));
        VectorSelector selector = (VectorSelector) parse("foo offset 5m @ end()");
        assertThat(selector.at().kind()).isEqualTo(AtModifier.Kind.END);
        assertThat(selector.offset()).isEqualTo(300_000);
    }

    @Test
    void subqueryWithAndWithoutStep() {
        Subquery subquery = (Subquery) parse("rate(foo[1m])[1h:5m] offset 10m @ start()");
        assertThat(subquery.range()).isEqualTo(3_600_000);
        assertThat(subquery.step()).isEqualTo(300_000);
        assertThat(subquery.offset()).isEqualTo(600_000);
        assertThat(subquery.at().kind()).isEqualTo(AtModifier.Kind.START);
        assertThat(((Subquery) parse("foo[5m:]")).step()).isZero();
    }

    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("1 + 2 * 3", "1 + (2 * 3)"),
                Arguments.of("2 ^ 3 ^ 2", "2 ^ (3 ^ 2)"),
                Arguments.of("-2 ^ 2", "-(2 ^ 2)"),
                Arguments.of("a - b - c", "(a - b) - c"),
                Arguments.of("a or b and c", "a or (b and c)"),
                Arguments.of("a > b + 1", "a > (b + 1)"),
                Arguments.of("a unless b or c", "(a unless b) or c"),
                Arguments.of("a * b atan2 c", "(a * b) atan2 c"));
    }

    @ParameterizedTest
    @MethodSource("precedence")
    void operatorPrecedenceAndAssociativity(String query, String parenthesized) {
        assertThat(withoutParens(parse(query))).isEqualTo(withoutParens(parse(parenthesized)));
    }

    private static Expr withoutParens(Expr expr) {
        return switch (expr) {
            case io.promless.promql.ast.ParenExpr paren -> withoutParens(paren.inner());
            case BinaryExpr binary -> new BinaryExpr(binary.operator(), withoutParens(binary.left()), withoutParens(binary.right()),
                    binary.returnBool(), binary.matching());
            case UnaryExpr unary -> new UnaryExpr(unary.negate(), withoutParens(unary.operand()));
            default -> expr;
        };
    }

    @Test
    void vectorMatchingModifiers() {
        BinaryExpr binary = (BinaryExpr) parse("a / on(x, y) group_left(z) b");
        assertThat(binary.matching()).isEqualTo(new VectorMatching(VectorMatching.Cardinality.MANY_TO_ONE, List.of("x", "y"), true, List.of("z")));
        BinaryExpr ignoring = (BinaryExpr) parse("a > bool ignoring(x) group_right b");
        assertThat(ignoring.returnBool()).isTrue();
        assertThat(ignoring.matching().cardinality()).isEqualTo(VectorMatching.Cardinality.ONE_TO_MANY);
        BinaryExpr set = (BinaryExpr) parse("a and on(x) b");
        assertThat(set.matching().cardinality()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
        BinaryExpr scalar = (BinaryExpr) parse("a * 2");
        assertThat(scalar.matching()).isNull();
        assertThat(scalar.operator()).isEqualTo(BinaryOperator.MUL);
    }

    @Test
    void aggregationsWithGroupingBeforeOrAfterAndParameters() {
        Aggregation before = (Aggregation) parse("sum by (a, b) (foo)");
        Aggregation after = (Aggregation) parse("SUM(foo) BY (a, b)");
        assertThat(before).isEqualTo(after);
        Aggregation topk = (Aggregation) parse("topk without (x) (5, foo)");
        assertThat(topk.operator()).isEqualTo(AggregationOperator.TOPK);
        assertThat(topk.parameter()).isEqualTo(new NumberLiteral(5));
        assertThat(topk.without()).isTrue();
        Aggregation countValues = (Aggregation) parse("count_values(\"value\", foo)");
        assertThat(countValues.parameter()).isEqualTo(new StringLiteral("value"));
        Aggregation quantile = (Aggregation) parse("quantile(0.9, foo)");
        assertThat(quantile.parameter()).isEqualTo(new NumberLiteral(0.9));
    }

    @Test
    void functionsAreLookedUpInTheTable() {
        Call call = (Call) parse("label_join(foo, \"d\", \",\", \"a\", \"b\", \"c\")");
        assertThat(call.function().name()).isEqualTo("label_join");
        assertThat(call.arguments()).hasSize(6);
        assertThat(((Call) parse("time()")).arguments()).isEmpty();
        assertThat(((Call) parse("round(foo)")).arguments()).hasSize(1);
    }

    static Stream<Arguments> invalidQueries() {
        return Stream.of(
                Arguments.of("", "1:1: parse error: no expression found in input"),
                Arguments.of("foo{", "1:5: parse error: unexpected end of input inside braces"),
                Arguments.of("1 +", "1:4: parse error: unexpected end of input"),
                Arguments.of("sum(rate(foo[5m])", "1:18: parse error: unclosed left parenthesis"),
                Arguments.of("sum(\"(\") + ((foo)", "1:18: parse error: unclosed left parenthesis"),
                Arguments.of("foo[5m", "1:7: parse error: unclosed left bracket"),
                Arguments.of("foo # (\n+", "2:2: parse error: unexpected end of input"),
                Arguments.of("foo $ bar", "1:5: parse error: unexpected \"$\""),
                Arguments.of("rate(foo)", "1:1: parse error: expected type range vector in call to function \"rate\", got instant vector"),
                Arguments.of("abs(foo[5m])", "expected type instant vector in call to function \"abs\", got range vector"),
                Arguments.of("rate(foo[5m], 1)", "expected 1 argument(s) in call to \"rate\", got 2"),
                Arguments.of("label_join(foo)", "expected at least 3 argument(s) in call to \"label_join\", got 1"),
                Arguments.of("round(foo, 1, 2)", "expected at most 2 argument(s) in call to \"round\", got 3"),
                Arguments.of("nonexistent(foo)", "1:1: parse error: unknown function with name \"nonexistent\""),
                Arguments.of("{}", "vector selector must contain at least one non-empty matcher"),
                Arguments.of("{a=~\".*\"}", "vector selector must contain at least one non-empty matcher"),
                Arguments.of("foo{__name__=\"bar\"}", "metric name must not be set twice"),
                Arguments.of("1 > 2", "comparisons between scalars must use BOOL modifier"),
                Arguments.of("foo + bool bar", "bool modifier can only be used on comparison operators"),
                Arguments.of("1 and foo", "set operator \"and\" not allowed in binary scalar expression"),
                Arguments.of("foo and on(a) group_left bar", "no grouping allowed for \"and\" operation"),
                Arguments.of("foo * on(a) group_left(a) bar", "label \"a\" must not occur in ON and GROUP clause at once"),
                Arguments.of("foo[5m] + 1", "binary expression must contain only scalar and instant vector types"),
                Arguments.of("1 + on(a) foo", "vector matching only allowed between instant vectors"),
                Arguments.of("-foo[5m]", "unary expression only allowed on expressions of type scalar or instant vector"),
                Arguments.of("(foo)[5m]", "ranges only allowed for vector selectors"),
                Arguments.of("foo[5m][10m:]", "subquery is only allowed on instant vector, got range vector instead"),
                Arguments.of("sum(foo) offset 5m", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
                Arguments.of("foo offset 5m offset 1m", "offset may not be set multiple times"),
                Arguments.of("foo @ 1 @ 2", "@ <timestamp> may not be set multiple times"),
                Arguments.of("sum(foo[5m])", "expected type instant vector in aggregation expression, got range vector"),
                Arguments.of("topk(foo)", "wrong number of arguments for aggregate expression provided, expected 2, got 1"),
                Arguments.of("count_values(1, foo)", "expected type string in aggregation parameter, got scalar"),
                Arguments.of("quantile(\"x\", foo)", "expected type scalar in aggregation parameter, got string"),
                Arguments.of("foo{a=~\"(\"}", "parse error: error parsing regexp"),
                Arguments.of("\"\\q\"", "unknown escape sequence"),
                Arguments.of("foo[1h1h]", "not a valid duration string"),
                Arguments.of("sum", "parse error"),
                Arguments.of("foo\n  + bar[5m]", "1:1: parse error: binary expression must contain only scalar and instant vector types"));
    }

    @ParameterizedTest
    @MethodSource("invalidQueries")
    void rejectsInvalidQueriesWithPrometheusStyleErrors(String query, String message) {
        assertThatThrownBy(() -> parse(query))
                .isInstanceOf(PromlessException.class)
                .hasMessageContaining(message)
                .hasMessageMatching("\\d+:\\d+: parse error: .*")
                .satisfies(e -> assertThat(((PromlessException) e).type()).isEqualTo(ErrorType.BAD_DATA));
    }

    @Test
    void experimentalFunctionsNeedTheFlag() {
        assertThatThrownBy(() -> QueryParser.parse("sort_by_label(foo, \"a\")"))
                .hasMessageContaining("function \"sort_by_label\" is not enabled");
        assertThat(parse("sort_by_label(foo, \"a\")")).isInstanceOf(Call.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "foo",
        "{\"my.metric\", \"a.b\"=\"x\"}",
        "foo{a=\"b\", c!=\"d\", e=~\"f.*\", g!~\"h\"}",
        "foo[5m] offset -1h30m",
        "foo @ 1609746000 offset 5m",
        "foo @ start()",
        "rate(foo[5m])[1h:] @ end()",
        "max_over_time(rate(foo[1m])[30m:1m] offset 2m)",
        "sum by (a, b) (rate(foo{job=\"x\"}[5m]))",
        "sum without (instance) (foo)",
        "topk(3, foo)",
        "count_values(\"v\", foo)",
        "quantile(0.99, foo) by (le)",
        "a + on(x) group_left(y, z) b",
        "a > bool ignoring(x) b",
        "a and b or c unless d",
        "-a ^ 2",
        "2 ^ 3 ^ 2",
        "(1 + 2) * 3",
        "1 - -1",
        "-Inf",
        "NaN",
        "0.000123",
        "1e+300",
        "\"string \\\"with\\\" escapes\\n\"",
        "label_replace(foo, \"dst\", \"$1\", \"src\", \"(.*)\")",
        "histogram_quantile(0.9, sum by (le) (rate(foo_bucket[5m])))",
        "time()",
        "vector(1) atan2 vector(2)",
        "sum by (\"a.b\") (foo)",
        "foo{on=\"x\"}",
        "absent(nonexistent{job=\"x\"})",
        "a + fill(0) b",
        "a / on(x) group_left fill_left(1) fill_right(NaN) b",
        "fill + fill_right(-Inf) fill"
    })
    void printThenParseRoundTrips(String query) {
        Expr first = parse(query);
        String printed = ExprPrinter.print(first);
        Expr second = parse(printed);
        assertThat(second).as(printed).isEqualTo(first);
        assertThat(ExprPrinter.print(second)).isEqualTo(printed);
    }

    @Test
    void printsInPrometheusStyle() {
        assertThat(ExprPrinter.print(parse("SUM(foo) BY (a)"))).isEqualTo("sum by (a) (foo)");
        assertThat(ExprPrinter.print(parse("foo[90m]"))).isEqualTo("foo[1h30m]");
        assertThat(ExprPrinter.print(parse("a+on(x)group_left b"))).isEqualTo("a + on (x) group_left () b");
    }
}
