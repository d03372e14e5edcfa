package io.promless.promql.value;

import java.util.List;

/** An instant vector; element order is the evaluator's (sorted only where PromQL sorts). */
public record VectorValue(List<VectorSample> samples) implements Value {
    public VectorValue {
        samples = List.copyOf(samples);
    }
}
