package io.promless.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promless.api.json.JsonBody;
import io.promless.api.json.PrometheusNumbers;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.AtModifier;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.FunctionDefinition;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.RangeMode;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.ValueType;
import io.promless.promql.ast.VectorMatching;
import io.promless.promql.ast.VectorSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The syntax tree /api/v1/parse_query answers, in the shape Prometheus's UI tree view reads:
 * one object per node with a {@code type} and the node's parts. Keys are written in name order,
 * as Go writes the maps Prometheus builds; times and durations in milliseconds.
 */
final class PromqlSyntaxTree {
    private PromqlSyntaxTree() {}

    static JsonBody of(Expr expr) {
        return generator -> write(generator, expr);
    }

    private static void write(JsonGenerator out, Expr expr) throws IOException {
        out.writeStartObject();
        switch (expr) {
            case Aggregation aggregation -> {
                out.writeFieldName("expr");
                write(out, aggregation.expr());
                writeStrings(out, "grouping", aggregation.grouping());
                out.writeStringField("op", aggregation.operator().text());
                out.writeFieldName("param");
                writeOrNull(out, aggregation.parameter());
                out.writeStringField("type", "aggregation");
                out.writeBooleanField("without", aggregation.without());
            }
            case BinaryExpr binary -> {
                out.writeBooleanField("bool", binary.returnBool());
                out.writeFieldName("lhs");
                write(out, binary.left());
                out.writeFieldName("matching");
                writeMatching(out, binary.matching());
                out.writeStringField("op", binary.operator().text());
                out.writeFieldName("rhs");
                write(out, binary.right());
                out.writeStringField("type", "binaryExpr");
            }
            case Call call -> {
                out.writeArrayFieldStart("args");
                for (Expr argument : call.arguments()) {
                    write(out, argument);
                }
                out.writeEndArray();
                out.writeFieldName("func");
                writeFunction(out, call.function());
                out.writeStringField("type", "call");
            }
            case MatrixSelector matrix -> {
                VectorSelector selector = matrix.selector();
                writeSelectorFields(out, selector, () -> out.writeNumberField("range", matrix.range()));
                out.writeStringField("type", "matrixSelector");
            }
            case Subquery subquery -> {
                out.writeFieldName("expr");
                write(out, subquery.expr());
                out.writeNumberField("offset", subquery.offset());
                out.writeNumberField("range", subquery.range());
                writeStartOrEnd(out, subquery.at());
                out.writeNumberField("step", subquery.step());
                writeTimestamp(out, subquery.at());
                out.writeStringField("type", "subquery");
            }
            case NumberLiteral number -> {
                out.writeStringField("type", "numberLiteral");
                out.writeStringField("val", PrometheusNumbers.formatScalarValue(number.value()));
            }
            case ParenExpr paren -> {
                out.writeFieldName("expr");
                write(out, paren.inner());
                out.writeStringField("type", "parenExpr");
            }
            case StringLiteral string -> {
                out.writeStringField("type", "stringLiteral");
                out.writeStringField("val", string.value());
            }
            case UnaryExpr unary -> {
                out.writeFieldName("expr");
                write(out, unary.operand());
                out.writeStringField("op", unary.negate() ? "-" : "+");
                out.writeStringField("type", "unaryExpr");
            }
            case VectorSelector selector -> {
                writeSelectorFields(out, selector, () -> {});
                out.writeStringField("type", "vectorSelector");
            }
        }
        out.writeEndObject();
    }

    @FunctionalInterface
    private interface Fields {
        void write() throws IOException;
    }

    /** anchored, matchers, name, offset, [range,] smoothed, startOrEnd, timestamp. */
    private static void writeSelectorFields(JsonGenerator out, VectorSelector selector, Fields range)
            throws IOException {
        out.writeBooleanField("anchored", selector.rangeMode() == RangeMode.ANCHORED);
        out.writeArrayFieldStart("matchers");
        for (LabelMatcher matcher : prometheusOrder(selector)) {
            out.writeStartObject();
            out.writeStringField("name", matcher.name());
            out.writeStringField("type", matcher.type().operator());
            out.writeStringField("value", matcher.value());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeStringField("name", selector.metricName() == null ? "" : selector.metricName());
        out.writeNumberField("offset", selector.offset());
        range.write();
        out.writeBooleanField("smoothed", selector.rangeMode() == RangeMode.SMOOTHED);
        writeStartOrEnd(out, selector.at());
        writeTimestamp(out, selector.at());
    }

    /** Prometheus adds the metric name's matcher after those written in braces. */
    private static List<LabelMatcher> prometheusOrder(VectorSelector selector) {
        List<LabelMatcher> ordered = new ArrayList<>(selector.matchers());
        if (selector.metricName() != null) {
            for (int i = 0; i < ordered.size(); i++) {
                LabelMatcher matcher = ordered.get(i);
                if (matcher.name().equals(Labels.METRIC_NAME) && matcher.type() == MatchType.EQUAL
                        && matcher.value().equals(selector.metricName())) {
                    ordered.remove(i);
                    ordered.add(matcher);
                    break;
                }
            }
        }
        return ordered;
    }

    private static void writeStartOrEnd(JsonGenerator out, AtModifier at) throws IOException {
        out.writeFieldName("startOrEnd");
        if (at == null) {
            out.writeNull();
            return;
        }
        switch (at.kind()) {
            case TIMESTAMP -> out.writeNull();
            case START -> out.writeString("start");
            case END -> out.writeString("end");
        }
    }

    private static void writeTimestamp(JsonGenerator out, AtModifier at) throws IOException {
        if (at != null && at.kind() == AtModifier.Kind.TIMESTAMP) {
            out.writeNumberField("timestamp", at.timestamp());
        } else {
            out.writeNullField("timestamp");
        }
    }

    private static void writeMatching(JsonGenerator out, VectorMatching matching) throws IOException {
        if (matching == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeStringField("card", switch (matching.cardinality()) {
            case ONE_TO_ONE -> "one-to-one";
            case MANY_TO_ONE -> "many-to-one";
            case ONE_TO_MANY -> "one-to-many";
            case MANY_TO_MANY -> "many-to-many";
        });
        out.writeObjectFieldStart("fillValues");
        writeNumberOrNull(out, "lhs", matching.fillLeft());
        writeNumberOrNull(out, "rhs", matching.fillRight());
        out.writeEndObject();
        writeStrings(out, "include", matching.include());
        writeStrings(out, "labels", matching.labels());
        out.writeBooleanField("on", matching.on());
        out.writeEndObject();
    }

    private static void writeFunction(JsonGenerator out, FunctionDefinition function) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("argTypes");
        for (ValueType type : function.argumentTypes()) {
            out.writeString(typeName(type));
        }
        out.writeEndArray();
        out.writeStringField("name", function.name());
        out.writeStringField("returnType", typeName(function.returnType()));
        out.writeNumberField("variadic", function.variadic());
        out.writeEndObject();
    }

    /** Prometheus's {@code parser.ValueType} names. */
    private static String typeName(ValueType type) {
        return switch (type) {
            case SCALAR -> "scalar";
            case VECTOR -> "vector";
            case MATRIX -> "matrix";
            case STRING -> "string";
        };
    }

    private static void writeOrNull(JsonGenerator out, Expr expr) throws IOException {
        if (expr == null) {
            out.writeNull();
        } else {
            write(out, expr);
        }
    }

    private static void writeNumberOrNull(JsonGenerator out, String field, Double value) throws IOException {
        if (value == null || !Double.isFinite(value)) {
            // JSON has no number for NaN or infinities (Go's encoder would refuse them).
            out.writeNullField(field);
        } else {
            out.writeFieldName(field);
            out.writeNumber(PrometheusNumbers.formatGoJsonNumber(value));
        }
    }

    private static void writeStrings(JsonGenerator out, String field, List<String> values) throws IOException {
        out.writeArrayFieldStart(field);
        for (String value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }
}
