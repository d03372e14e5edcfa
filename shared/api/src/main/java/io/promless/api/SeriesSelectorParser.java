package io.promless.api;

import io.promless.model.labels.LabelMatcher;
import java.util.List;

/**
 * Parses one series selector as used by {@code match[]}, e.g. {@code up{job="api"}}, into its
 * matchers (a metric name becomes a {@code __name__} matcher). The composition root fills it
 * with the PromQL parser. Thread-safe.
 */
@FunctionalInterface
public interface SeriesSelectorParser {
    /**
     * @throws io.promless.errors.PromlessException of type BAD_DATA with Prometheus's parse error
     *     text (e.g. {@code 1:4: parse error: unexpected end of input inside braces}) when the
     *     text is not a selector
     */
    List<LabelMatcher> parse(String selector);
}
