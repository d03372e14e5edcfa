package io.promless.api;

import io.promless.model.labels.LabelMatcher;
import java.util.List;

/**
 * The series selectors a PromQL query contains, each as its matchers (Prometheus's
 * {@code parser.ExtractSelectors}), for /api/v1/query_exemplars. The composition root fills it
 * with the PromQL parser. Thread-safe.
 */
@FunctionalInterface
public interface SelectorExtractor {
    /**
     * @return one matcher list per selector, in query order; empty for queries without selectors
     *     such as {@code 1+1}
     * @throws io.promless.errors.PromlessException of type BAD_DATA with Prometheus's parse error
     *     text when the query does not parse
     */
    List<List<LabelMatcher>> selectors(String query);
}
