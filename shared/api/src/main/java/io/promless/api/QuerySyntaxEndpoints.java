package io.promless.api;

import static io.promless.api.ApiParameters.invalidParameter;

import io.promless.api.json.JsonBody;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import java.util.List;
import java.util.function.Supplier;

/** /api/v1/format_query, /api/v1/parse_query and /api/v1/query_exemplars. */
final class QuerySyntaxEndpoints {
    private final QueryFormatter formatter;
    private final SyntaxTreeParser treeParser;
    private final SelectorExtractor selectorExtractor;

    QuerySyntaxEndpoints(QueryFormatter formatter, SyntaxTreeParser treeParser, SelectorExtractor selectorExtractor) {
        this.formatter = formatter;
        this.treeParser = treeParser;
        this.selectorExtractor = selectorExtractor;
    }

    ApiResponse formatQuery(RequestParameters parameters) {
        String formatted = namingQueryParameter(() -> formatter.format(parameters.first("query")));
        return ApiResponses.success(generator -> generator.writeString(formatted));
    }

    ApiResponse parseQuery(RequestParameters parameters) {
        JsonBody tree = namingQueryParameter(() -> treeParser.parse(parameters.first("query")));
        return ApiResponses.success(tree);
    }

    /**
     * Validated as Prometheus validates it. No exemplars are stored yet, so a query with
     * selectors gets an empty list; one without selectors gets Prometheus's 204.
     */
    ApiResponse queryExemplars(RequestParameters parameters) {
        long start = time(parameters, "start", ApiParameters.MIN_TIME_MILLIS);
        long end = time(parameters, "end", ApiParameters.MAX_TIME_MILLIS);
        if (end < start) {
            throw new PromlessException(ErrorType.BAD_DATA, "end timestamp must not be before start timestamp");
        }
        // Prometheus reports parse errors here without naming the parameter.
        List<List<LabelMatcher>> selectors = selectorExtractor.selectors(parameters.first("query"));
        if (selectors.isEmpty()) {
            return ApiResponses.noContent();
        }
        return ApiResponses.success(generator -> {
            generator.writeStartArray();
            generator.writeEndArray();
        });
    }

    private static long time(RequestParameters parameters, String name, long defaultMillis) {
        try {
            return ApiParameters.parseTimeParameter(parameters, name, defaultMillis);
        } catch (PromlessException e) {
            throw invalidParameter(name, e.getMessage());
        }
    }

    private static <T> T namingQueryParameter(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (PromlessException e) {
            if (e.type() == ErrorType.BAD_DATA) {
                throw invalidParameter("query", e.getMessage());
            }
            throw e;
        }
    }
}
