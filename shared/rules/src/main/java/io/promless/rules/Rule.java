package io.promless.rules;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import java.util.List;

/**
 * A recording or alerting rule with the state of its last evaluation. Not thread-safe: its
 * {@link RuleGroup} evaluates it and reads its state under the group's lock.
 */
public abstract sealed class Rule permits RecordingRule, AlertingRule {
    /** One sample a rule evaluation writes: the series and its value (at the group's evaluation time). */
    public record Output(Labels labels, double value) {
        public Output {
            requireNonNull(labels, "labels is null");
        }
    }

    private final String name;
    private final String expr;
    private final Labels labels;
    private RuleHealth health = RuleHealth.UNKNOWN;
    private String lastError = "";
    private long lastEvaluation;
    private long evaluationNanos;

    Rule(String name, String expr, Labels labels) {
        this.name = requireNonNull(name, "name is null");
        this.expr = requireNonNull(expr, "expr is null");
        this.labels = requireNonNull(labels, "labels is null");
    }

    public String name() {
        return name;
    }

    /** The expression as written in the rule file. */
    public String expr() {
        return expr;
    }

    public Labels labels() {
        return labels;
    }

    public RuleHealth health() {
        return health;
    }

    /** The last evaluation's error; "" when it succeeded. */
    public String lastError() {
        return lastError;
    }

    /** The evaluation timestamp of the last evaluation (epoch ms); 0 if never evaluated. */
    public long lastEvaluation() {
        return lastEvaluation;
    }

    public long evaluationNanos() {
        return evaluationNanos;
    }

    void recordEvaluation(long timestamp, long nanos, String error) {
        this.lastEvaluation = timestamp;
        this.evaluationNanos = nanos;
        this.lastError = error;
        this.health = error.isEmpty() ? RuleHealth.OK : RuleHealth.ERR;
    }

    /**
     * The query result as an instant vector: a scalar becomes one sample without labels, as
     * Prometheus's rule query function does; strings and range vectors are errors.
     */
    static List<VectorSample> vectorOf(Value value, long time) {
        return switch (value) {
            case VectorValue vector -> vector.samples();
            case ScalarValue scalar -> List.of(new VectorSample(Labels.EMPTY, time, scalar.value()));
            case StringValue ignored -> throw new PromlessException(ErrorType.EXECUTION, "rule result is not a vector or scalar");
            case MatrixValue ignored -> throw new PromlessException(ErrorType.EXECUTION, "rule result is not a vector or scalar");
        };
    }
}
