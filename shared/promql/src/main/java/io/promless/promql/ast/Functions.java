package io.promless.promql.ast;

import static io.promless.promql.ast.ValueType.MATRIX;
import static io.promless.promql.ast.ValueType.SCALAR;
import static io.promless.promql.ast.ValueType.STRING;
import static io.promless.promql.ast.ValueType.VECTOR;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The declarative table of PromQL functions (Prometheus 3): names, argument types, result type. */
public final class Functions {
    private static final Map<String, FunctionDefinition> TABLE = new LinkedHashMap<>();

    static {
        for (String name : List.of("abs", "ceil", "exp", "floor", "ln", "log2", "log10", "sqrt", "sgn", "acos",
                "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg",
                "rad", "timestamp", "sort", "sort_desc", "absent", "histogram_count", "histogram_sum",
                "histogram_avg", "histogram_stddev", "histogram_stdvar")) {
            stable(name, VECTOR, 0, VECTOR);
        }
        for (String name : List.of("rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets",
                "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
                "last_over_time", "stddev_over_time", "stdvar_over_time", "present_over_time",
                "absent_over_time")) {
            stable(name, VECTOR, 0, MATRIX);
        }
        for (String name : List.of("first_over_time", "mad_over_time", "ts_of_min_over_time",
                "ts_of_max_over_time", "ts_of_last_over_time", "ts_of_first_over_time")) {
            experimental(name, VECTOR, 0, MATRIX);
        }
        for (String name : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
                "minute", "month", "year")) {
            stable(name, VECTOR, 1, VECTOR);
        }
        stable("clamp", VECTOR, 0, VECTOR, SCALAR, SCALAR);
        stable("clamp_max", VECTOR, 0, VECTOR, SCALAR);
        stable("clamp_min", VECTOR, 0, VECTOR, SCALAR);
        stable("round", VECTOR, 1, VECTOR, SCALAR);
        stable("histogram_quantile", VECTOR, 0, SCALAR, VECTOR);
        stable("histogram_fraction", VECTOR, 0, SCALAR, SCALAR, VECTOR);
        stable("label_replace", VECTOR, 0, VECTOR, STRING, STRING, STRING, STRING);
        stable("label_join", VECTOR, -1, VECTOR, STRING, STRING, STRING);
        stable("predict_linear", VECTOR, 0, MATRIX, SCALAR);
        stable("quantile_over_time", VECTOR, 0, SCALAR, MATRIX);
        stable("pi", SCALAR, 0);
        stable("time", SCALAR, 0);
        stable("scalar", SCALAR, 0, VECTOR);
        stable("vector", VECTOR, 0, SCALAR);
        for (String name : List.of("start", "end", "range", "step")) {
            experimental(name, SCALAR, 0);
        }
        experimental("min_of", SCALAR, 0, SCALAR, SCALAR);
        experimental("max_of", SCALAR, 0, SCALAR, SCALAR);
        experimental("double_exponential_smoothing", VECTOR, 0, MATRIX, SCALAR, SCALAR);
        experimental("sort_by_label", VECTOR, -1, VECTOR, STRING);
        experimental("sort_by_label_desc", VECTOR, -1, VECTOR, STRING);
        experimental("info", VECTOR, 1, VECTOR, VECTOR);
        experimental("histogram_quantiles", VECTOR, -1, VECTOR, STRING, SCALAR);
    }

    private Functions() {}

    private static void stable(String name, ValueType returnType, int variadic, ValueType... arguments) {
        TABLE.put(name, new FunctionDefinition(name, List.of(arguments), variadic, returnType, false));
    }

    private static void experimental(String name, ValueType returnType, int variadic, ValueType... arguments) {
        TABLE.put(name, new FunctionDefinition(name, List.of(arguments), variadic, returnType, true));
    }

    /** Function names are case-sensitive, as in Prometheus. */
    public static Optional<FunctionDefinition> byName(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    public static List<FunctionDefinition> all() {
        return List.copyOf(TABLE.values());
    }
}
