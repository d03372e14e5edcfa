package io.promless.api;

/**
 * Formats a PromQL query as Prometheus's pretty-printer does, for /api/v1/format_query. The
 * composition root fills it with the PromQL parser and printer. Thread-safe.
 */
@FunctionalInterface
public interface QueryFormatter {
    /**
     * @throws io.promless.errors.PromlessException of type BAD_DATA with Prometheus's parse error
     *     text (e.g. {@code 1:5: parse error: unclosed left parenthesis}) when the query does not
     *     parse
     */
    String format(String query);
}
