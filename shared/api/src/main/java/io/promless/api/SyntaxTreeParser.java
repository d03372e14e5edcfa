package io.promless.api;

import io.promless.api.json.JsonBody;

/**
 * Parses a PromQL query into the JSON syntax tree of /api/v1/parse_query (the tree Prometheus's
 * UI draws: {@code {"type":"binaryExpr","op":"+","lhs":...}}). The composition root fills it
 * with the PromQL parser. Thread-safe.
 */
@FunctionalInterface
public interface SyntaxTreeParser {
    /**
     * @return the tree, written when the response is; it must not fail then
     * @throws io.promless.errors.PromlessException of type BAD_DATA with Prometheus's parse error
     *     text when the query does not parse
     */
    JsonBody parse(String query);
}
