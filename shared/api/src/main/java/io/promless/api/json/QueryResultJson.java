package io.promless.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promless.model.labels.Labels;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.storage.Series;
import java.io.IOException;
import java.util.List;

/** Prometheus's JSON shapes for PromQL values, label sets and name lists. */
public final class QueryResultJson {
    private QueryResultJson() {}

    /** The {@code data} of a query response: {@code {"resultType":..., "result":...}}. */
    public static JsonBody queryData(Value value) {
        return generator -> {
            generator.writeStartObject();
            generator.writeStringField("resultType", resultType(value));
            generator.writeFieldName("result");
            writeResult(generator, value);
            generator.writeEndObject();
        };
    }

    /** The names Prometheus gives the four value types. */
    public static String resultType(Value value) {
        return switch (value) {
            case ScalarValue scalar -> "scalar";
            case StringValue string -> "string";
            case VectorValue vector -> "vector";
            case MatrixValue matrix -> "matrix";
        };
    }

    private static void writeResult(JsonGenerator generator, Value value) throws IOException {
        switch (value) {
            case ScalarValue scalar -> {
                generator.writeStartArray();
                generator.writeNumber(PrometheusNumbers.formatFloatTimestamp(scalar.timestamp()));
                generator.writeString(PrometheusNumbers.formatScalarValue(scalar.value()));
                generator.writeEndArray();
            }
            case StringValue string -> {
                generator.writeStartArray();
                generator.writeNumber(PrometheusNumbers.formatFloatTimestamp(string.timestamp()));
                generator.writeString(string.value());
                generator.writeEndArray();
            }
            case VectorValue vector -> {
                generator.writeStartArray();
                for (VectorSample sample : vector.samples()) {
                    generator.writeStartObject();
                    generator.writeFieldName("metric");
                    writeLabels(generator, sample.labels());
                    generator.writeFieldName("value");
                    writePoint(generator, sample.timestamp(), sample.value());
                    generator.writeEndObject();
                }
                generator.writeEndArray();
            }
            case MatrixValue matrix -> {
                generator.writeStartArray();
                for (Series series : matrix.series()) {
                    writeSeries(generator, series);
                }
                generator.writeEndArray();
            }
        }
    }

    private static void writeSeries(JsonGenerator generator, Series series) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName("metric");
        writeLabels(generator, series.labels());
        generator.writeFieldName("values");
        generator.writeStartArray();
        long[] timestamps = series.timestamps();
        double[] values = series.values();
        for (int i = 0; i < timestamps.length; i++) {
            writePoint(generator, timestamps[i], values[i]);
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /** {@code [<seconds>, "<value>"]}. */
    public static void writePoint(JsonGenerator generator, long timestamp, double value) throws IOException {
        generator.writeStartArray();
        generator.writeNumber(PrometheusNumbers.formatTimestamp(timestamp));
        generator.writeString(PrometheusNumbers.formatValue(value));
        generator.writeEndArray();
    }

    /** A label set as a JSON object in label order. */
    public static void writeLabels(JsonGenerator generator, Labels labels) throws IOException {
        generator.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            generator.writeStringField(labels.name(i), labels.value(i));
        }
        generator.writeEndObject();
    }

    /** The {@code data} of /api/v1/series: a list of label objects. */
    public static JsonBody labelSets(List<Labels> labelSets) {
        return generator -> {
            generator.writeStartArray();
            for (Labels labels : labelSets) {
                writeLabels(generator, labels);
            }
            generator.writeEndArray();
        };
    }

    /** The {@code data} of /api/v1/labels and /api/v1/label/.../values: a list of strings. */
    public static JsonBody strings(List<String> strings) {
        return generator -> {
            generator.writeStartArray();
            for (String string : strings) {
                generator.writeString(string);
            }
            generator.writeEndArray();
        };
    }
}
