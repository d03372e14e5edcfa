package io.promless.rules;

import io.promless.promql.value.Value;

/**
 * How rules read data: an instant query at an evaluation time (epoch milliseconds). The composition
 * root binds it to a query engine and storage; errors are {@link io.promless.errors.PromlessException}s.
 */
@FunctionalInterface
public interface RuleQuery {
    Value query(String expr, long timeMillis);
}
