package io.promless.api;

import static java.util.Objects.requireNonNull;

import io.promless.api.json.JsonBody;
import io.promless.model.labels.LabelMatcher;
import io.promless.promql.ast.Aggregation;
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
import io.promless.promql.parser.QueryParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's PromQL syntax ports filled by the PromQL parser: the pretty-printer of
 * /api/v1/format_query, the tree of /api/v1/parse_query and the selectors of
 * /api/v1/query_exemplars. ({@code match[]} selectors are parsed by
 * {@link io.promless.promql.SeriesSelectors}.) Thread-safe.
 */
public final class PromqlSyntax implements QueryFormatter, SyntaxTreeParser, SelectorExtractor {
    private static final PromqlSyntax STABLE = new PromqlSyntax(QueryParser.stable());

    private final QueryParser parser;

    private PromqlSyntax(QueryParser parser) {
        this.parser = parser;
    }

    /** Over the stable language; experimental functions are parse errors, as in Prometheus by default. */
    public static PromqlSyntax stable() {
        return STABLE;
    }

    /** Over the given parser, e.g. {@link QueryParser#withExperimentalFunctions()}. */
    public static PromqlSyntax using(QueryParser parser) {
        return new PromqlSyntax(requireNonNull(parser, "parser is null"));
    }

    @Override
    public String format(String query) {
        return PromqlText.pretty(parser.parseExpression(query));
    }

    @Override
    public JsonBody parse(String query) {
        return PromqlSyntaxTree.of(parser.parseExpression(query));
    }

    @Override
    public List<List<LabelMatcher>> selectors(String query) {
        List<List<LabelMatcher>> found = new ArrayList<>();
        collectSelectors(parser.parseExpression(query), found);
        return found;
    }

    private static void collectSelectors(Expr expr, List<List<LabelMatcher>> found) {
        switch (expr) {
            case VectorSelector selector -> found.add(selector.matchers());
            case MatrixSelector matrix -> found.add(matrix.selector().matchers());
            case Subquery subquery -> collectSelectors(subquery.expr(), found);
            case UnaryExpr unary -> collectSelectors(unary.operand(), found);
            case ParenExpr paren -> collectSelectors(paren.inner(), found);
            case BinaryExpr binary -> {
                collectSelectors(binary.left(), found);
                collectSelectors(binary.right(), found);
            }
            case Call call -> call.arguments().forEach(argument -> collectSelectors(argument, found));
            case Aggregation aggregation -> {
                if (aggregation.parameter() != null) {
                    collectSelectors(aggregation.parameter(), found);
                }
                collectSelectors(aggregation.expr(), found);
            }
            case NumberLiteral number -> {}
            case StringLiteral string -> {}
        }
    }
}
