package io.promless.promql.ast;

import java.util.Locale;
import java.util.Optional;

/** Aggregation operators; those with a parameter name its type. */
public enum AggregationOperator {
    SUM(null),
    MIN(null),
    MAX(null),
    AVG(null),
    GROUP(null),
    STDDEV(null),
    STDVAR(null),
    COUNT(null),
    COUNT_VALUES(ValueType.STRING),
    BOTTOMK(ValueType.SCALAR),
    TOPK(ValueType.SCALAR),
    QUANTILE(ValueType.SCALAR),
    LIMITK(ValueType.SCALAR),
    LIMIT_RATIO(ValueType.SCALAR);

    private final ValueType parameterType;

    AggregationOperator(ValueType parameterType) {
        this.parameterType = parameterType;
    }

    /** Null when the operator takes no parameter. */
    public ValueType parameterType() {
        return parameterType;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Aggregation names are case-insensitive keywords in Prometheus. */
    public static Optional<AggregationOperator> byName(String name) {
        for (AggregationOperator operator : values()) {
            if (operator.name().equalsIgnoreCase(name)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }
}
