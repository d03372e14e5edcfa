package io.promless.promql;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.VectorSelector;
import io.promless.promql.parser.QueryParser;
import java.util.List;

/** Parses the series selectors of {@code match[]} parameters, as Prometheus's metric-selector parser does. */
public final class SeriesSelectors {
    private SeriesSelectors() {}

    /** The matchers of a plain selector such as {@code up{job="api"}}; anything else is BAD_DATA. */
    public static List<LabelMatcher> parse(String selector) {
        Expr expression = QueryParser.parse(selector);
        if (expression instanceof VectorSelector vector && vector.offset() == 0 && vector.at() == null
                && vector.offsetExpression() == null) {
            return vector.matchers();
        }
        throw new PromlessException(ErrorType.BAD_DATA,
                "1:1: parse error: unexpected expression, expected a series selector: " + selector);
    }
}
