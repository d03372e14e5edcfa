package io.promless.differential;

import io.promless.api.SeriesSelectorParser;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.promql.QueryEngine;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.VectorSelector;
import io.promless.promql.engine.PromqlEngine;
import io.promless.promql.parser.QueryParser;

/** The PromQL engine and selector parser Promless serves the differential test with: its defaults, as the local mode. */
public final class PromlessEngine {
    private PromlessEngine() {}

    public static QueryEngine engine() {
        return new PromqlEngine();
    }

    /** Parses a {@code match[]} selector with the PromQL parser; anything but a plain selector is bad data. */
    public static SeriesSelectorParser selectorParser() {
        return selector -> {
            Expr expr = QueryParser.parse(selector);
            if (expr instanceof VectorSelector vectorSelector) {
                return vectorSelector.matchers();
            }
            throw new PromlessException(ErrorType.BAD_DATA, "invalid parameter \"match[]\": " + selector + " is not a series selector");
        };
    }
}
