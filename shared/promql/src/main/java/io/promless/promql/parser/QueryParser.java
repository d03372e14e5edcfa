package io.promless.promql.parser;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.promql.ast.Expr;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Parses PromQL text into a type-checked AST. Errors are {@link PromlessException}s of type
 * BAD_DATA with Prometheus's {@code line:column: parse error: message}. Thread-safe.
 */
public final class QueryParser {
    private static final QueryParser STABLE = new QueryParser(false);
    private static final QueryParser EXPERIMENTAL = new QueryParser(true);

    private final boolean experimentalFunctions;

    private QueryParser(boolean experimentalFunctions) {
        this.experimentalFunctions = experimentalFunctions;
    }

    /** A parser for the stable language; experimental functions are rejected as Prometheus does by default. */
    public static QueryParser stable() {
        return STABLE;
    }

    /** A parser that also accepts experimental functions and aggregations (limitk, sort_by_label ...). */
    public static QueryParser withExperimentalFunctions() {
        return EXPERIMENTAL;
    }

    public static Expr parse(String query) {
        return STABLE.parseExpression(query);
    }

    public Expr parseExpression(String query) {
        return parseWithPositions(query).expr();
    }

    /** Parses and also returns where each node starts, for annotations. */
    public ParsedQuery parseWithPositions(String query) {
        if (query == null || query.isBlank()) {
            throw new PromlessException(ErrorType.BAD_DATA, "1:1: parse error: no expression found in input");
        }
        PromQLLexer lexer = new PromQLLexer(CharStreams.fromString(query));
        lexer.removeErrorListeners();
        lexer.addErrorListener(ParseErrorListener.INSTANCE);
        PromQLParser parser = new PromQLParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(ParseErrorListener.INSTANCE);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        PromQLParser.QueryContext tree;
        try {
            tree = parser.query();
        } catch (PromlessException e) {
            // SLL may fail on valid input; retry with full LL before reporting.
            lexer.reset();
            parser.reset();
            parser.setTokenStream(new CommonTokenStream(lexer));
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.query();
        }
        AstBuilder builder = new AstBuilder(experimentalFunctions);
        Expr expr = builder.build(tree.expression());
        return new ParsedQuery(expr, builder.positions());
    }
}
