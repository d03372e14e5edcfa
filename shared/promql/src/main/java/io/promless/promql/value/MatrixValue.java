package io.promless.promql.value;

import io.promless.storage.Series;
import java.util.List;

/** A range vector or a range query's result: series with their samples, sorted by labels. */
public record MatrixValue(List<Series> series) implements Value {
    public MatrixValue {
        series = List.copyOf(series);
    }
}
