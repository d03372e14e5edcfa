package io.promless.rules;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import io.promless.promql.value.VectorSample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A recording rule: writes its expression's result under a new metric name, with the rule's labels. */
public final class RecordingRule extends Rule {
    public RecordingRule(String record, String expr, Labels labels) {
        super(record, expr, labels);
    }

    /**
     * The series to write for an evaluation at {@code time}: {@code __name__} set to the record
     * name, rule labels overriding the result's. Fails when two results collide or the limit is exceeded.
     */
    List<Output> evaluate(RuleQuery query, long time, int limit) {
        List<VectorSample> samples = vectorOf(query.query(expr(), time), time);
        List<Output> outputs = new ArrayList<>(samples.size());
        Set<Labels> seen = new HashSet<>();
        for (VectorSample sample : samples) {
            Labels.Builder builder = sample.labels().toBuilder().set(Labels.METRIC_NAME, name());
            labels().forEach(builder::set);
            Labels result = builder.build();
            if (!seen.add(result)) {
                throw new PromlessException(ErrorType.EXECUTION,
                        "vector contains metrics with the same labelset after applying rule labels");
            }
            outputs.add(new Output(result, sample.value()));
        }
        if (limit > 0 && outputs.size() > limit) {
            throw new PromlessException(ErrorType.EXECUTION, "exceeded limit of " + limit + " with " + outputs.size() + " series");
        }
        return outputs;
    }
}
