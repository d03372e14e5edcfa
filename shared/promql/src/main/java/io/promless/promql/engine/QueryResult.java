package io.promless.promql.engine;

import static java.util.Objects.requireNonNull;

import io.promless.promql.value.Value;
import java.util.List;

/** A query's value with the warning and info annotations the API returns beside it. */
public record QueryResult(Value value, List<String> warnings, List<String> infos) {
    public QueryResult {
        requireNonNull(value, "value is null");
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
