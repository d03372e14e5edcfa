package io.promless.promql.conformance;

import io.promless.errors.PromlessException;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.ExprPrinter;
import io.promless.promql.engine.InMemoryStorage;
import io.promless.promql.engine.PromqlEngine;
import io.promless.promql.engine.QueryResult;
import io.promless.promql.value.MatrixValue;
import io.promless.promql.value.ScalarValue;
import io.promless.promql.value.StringValue;
import io.promless.promql.value.Value;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Executes a script's commands in order against a fresh in-memory storage. {@link #run} returns
 * null when an eval passed, else the reason it failed. Native histogram samples cannot be
 * stored by this engine: they are skipped, and evals over such data are reported separately.
 */
final class ScriptRunner {
    private final PromqlEngine engine;
    private final Map<Labels, TreeMap<Long, Double>> data = new LinkedHashMap<>();
    private InMemoryStorage storage = new InMemoryStorage(List.of());
    private boolean nativeHistogramsLoaded;

    ScriptRunner(PromqlEngine engine) {
        this.engine = engine;
    }

    boolean nativeHistogramsLoaded() {
        return nativeHistogramsLoaded;
    }

    void clear() {
        data.clear();
        storage = new InMemoryStorage(List.of());
        nativeHistogramsLoaded = false;
    }

    void load(Script.Load load) {
        Map<Labels, SeriesLine> lines = new LinkedHashMap<>();
        for (SeriesLine line : load.series()) {
            lines.put(line.labels(), line);
        }
        if (load.nativeHistogramsFromClassic()) {
            nativeHistogramsLoaded = true;
        }
        for (SeriesLine line : lines.values()) {
            TreeMap<Long, Double> samples = data.computeIfAbsent(line.labels(), key -> new TreeMap<>());
            List<SeriesLine.Point> points = line.points();
            for (int i = 0; i < points.size(); i++) {
                SeriesLine.Point point = points.get(i);
                if (point.histogram()) {
                    nativeHistogramsLoaded = true;
                    continue;
                }
                if (point.missing()) {
                    continue;
                }
                long timestamp = i * load.step();
                if (samples.isEmpty() || samples.lastKey() < timestamp) {
                    samples.put(timestamp, point.value());
                }
            }
        }
        List<Series> series = new ArrayList<>();
        for (Map.Entry<Labels, TreeMap<Long, Double>> entry : data.entrySet()) {
            TreeMap<Long, Double> samples = entry.getValue();
            long[] timestamps = new long[samples.size()];
            double[] values = new double[samples.size()];
            int i = 0;
            for (Map.Entry<Long, Double> sample : samples.entrySet()) {
                timestamps[i] = sample.getKey();
                values[i] = sample.getValue();
                i++;
            }
            series.add(new Series(entry.getKey(), timestamps, values));
        }
        storage = new InMemoryStorage(series);
    }

    /** Null when the eval passed, else the reason it failed. */
    String run(Script.Eval eval) {
        String failure = run(eval, eval.query(), eval.time(), true);
        if (failure != null || eval.range()) {
            return failure;
        }
        return stepInvariance(eval);
    }

    /** Upstream's check that the query pinned with {@code @ t} gives the same answer at other times. */
    private String stepInvariance(Script.Eval eval) {
        Expr expr;
        try {
            expr = engine.parse(eval.query());
        } catch (PromlessException e) {
            return null;
        }
        if (AtModifierRewriter.usesTimeDependentFunction(expr) || eval.query().matches("(?s).*\\b(start|end|range|step)\\(\\).*")) {
            return null;
        }
        String pinned = ExprPrinter.print(AtModifierRewriter.pin(expr, eval.time()));
        for (long time : AtModifierRewriter.otherTimes(eval.time())) {
            String failure = run(eval, pinned, time, false);
            if (failure != null) {
                return "step invariance: " + pinned + " at " + time + ": " + failure;
            }
        }
        return null;
    }

    private String run(Script.Eval eval, String query, long time, boolean checkAnnotations) {
        Value result;
        QueryResult answer;
        try {
            if (eval.range()) {
                answer = engine.rangeQueryWithAnnotations(storage, query, eval.start(), eval.end(), eval.step());
            } else {
                answer = engine.instantQueryWithAnnotations(storage, query, time);
            }
            result = answer.value();
        } catch (PromlessException e) {
            if (!eval.expectFail()) {
                return "unexpected error: " + e.getMessage();
            }
            if (eval.failMessage() != null && !eval.failMessage().equals(e.getMessage())) {
                return "error message \"" + e.getMessage() + "\" is not \"" + eval.failMessage() + "\"";
            }
            if (eval.failRegex() != null && !Pattern.compile(eval.failRegex()).matcher(e.getMessage()).find()) {
                return "error message \"" + e.getMessage() + "\" does not match " + eval.failRegex();
            }
            return null;
        } catch (RuntimeException e) {
            return "crash: " + e;
        }
        if (eval.expectFail()) {
            return "expected an error, got " + describe(result);
        }
        if (checkAnnotations) {
            String annotationFailure = checkAnnotations("warning", answer.warnings(), eval.warnMatchers(), eval.noWarnings());
            if (annotationFailure == null) {
                annotationFailure = checkAnnotations("info", answer.infos(), eval.infoMatchers(), eval.noInfos());
            }
            if (annotationFailure != null) {
                return annotationFailure;
            }
        }
        if (eval.expectedString() != null) {
            return result instanceof StringValue string && string.value().equals(eval.expectedString())
                    ? null
                    : "expected string " + eval.expectedString() + ", got " + describe(result);
        }
        if (eval.expectedScalar() != null) {
            return result instanceof ScalarValue scalar && floatsEqual(eval.expectedScalar(), scalar.value())
                    ? null
                    : "expected scalar " + eval.expectedScalar() + ", got " + describe(result);
        }
        if (eval.range()) {
            return compareMatrix(eval, (MatrixValue) result, eval.start(), eval.step());
        }
        if (eval.expectedRangeVector() != null) {
            if (!(result instanceof MatrixValue matrix)) {
                return "expected a range vector, got " + describe(result);
            }
            return compareMatrix(eval, matrix, eval.expectedRangeVector().start(), eval.expectedRangeVector().step());
        }
        String instantFailure = switch (result) {
            case VectorValue vector -> compareVector(eval, vector);
            case MatrixValue matrix -> eval.expected().isEmpty() && matrix.series().isEmpty()
                    ? null
                    : "unexpected range vector result " + describe(result);
            case ScalarValue scalar -> "expected an instant vector, got scalar " + scalar.value();
            case StringValue string -> "expected an instant vector, got string " + string.value();
        };
        if (instantFailure != null || eval.ordered() || result instanceof MatrixValue
                || eval.query().matches("(?s).*\\b(start|end|range|step)\\(\\).*")) {
            return instantFailure;
        }
        return rangeModeCheck(eval, query, time, result);
    }

    /**
     * Upstream's range-mode check: the query also runs as a range query from t-1m to t+1m step
     * 1m, and the points at t must equal the instant result.
     */
    private String rangeModeCheck(Script.Eval eval, String query, long time, Value instant) {
        MatrixValue matrix;
        try {
            matrix = (MatrixValue) engine.rangeQuery(storage, query, time - 60_000, time + 60_000, 60_000);
        } catch (PromlessException e) {
            return "range-mode check: unexpected error " + e.getMessage();
        }
        Map<Labels, Double> atTime = new HashMap<>();
        for (int i = 1; i < matrix.series().size(); i++) {
            if (matrix.series().get(i - 1).labels().compareTo(matrix.series().get(i).labels()) >= 0) {
                return "range-mode check: matrix not sorted by labels";
            }
        }
        for (Series s : matrix.series()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.timestamps()[i] == time) {
                    atTime.put(s.labels(), s.values()[i]);
                }
            }
        }
        if (instant instanceof ScalarValue scalar) {
            Double value = atTime.get(Labels.EMPTY);
            return value != null && atTime.size() == 1 && floatsEqual(scalar.value(), value)
                    ? null
                    : "range-mode check: expected scalar " + scalar.value() + " at t, got " + atTime;
        }
        if (instant instanceof VectorValue vector) {
            if (vector.samples().size() != atTime.size()) {
                return "range-mode check: " + atTime.size() + " series at t, instant query gave " + vector.samples().size() + ": " + atTime;
            }
            for (VectorSample sample : vector.samples()) {
                Double value = atTime.get(sample.labels());
                if (value == null || !floatsEqual(sample.value(), value)) {
                    return "range-mode check: " + sample.labels() + " is " + value + " at t, instant query gave " + sample.value();
                }
            }
        }
        return null;
    }

    /** The README's rules: every expected matcher matches some annotation and every annotation some matcher. */
    private static String checkAnnotations(String kind, List<String> actual, List<String> matchers, boolean none) {
        if (none && !actual.isEmpty()) {
            return "expected no " + kind + " annotations, got " + actual;
        }
        if (matchers.isEmpty()) {
            return null;
        }
        if (actual.isEmpty()) {
            return "expected a " + kind + " annotation, got none";
        }
        for (String matcher : matchers) {
            if (actual.stream().noneMatch(annotation -> annotationMatches(matcher, annotation))) {
                return "no " + kind + " annotation matches " + matcher + ": " + actual;
            }
        }
        for (String annotation : actual) {
            if (matchers.stream().noneMatch(matcher -> annotationMatches(matcher, annotation))) {
                return "unexpected " + kind + " annotation " + annotation;
            }
        }
        return null;
    }

    private static boolean annotationMatches(String matcher, String annotation) {
        if (matcher.startsWith("msg:")) {
            return annotation.equals(matcher.substring(4).trim());
        }
        if (matcher.startsWith("regex:")) {
            return Pattern.compile(matcher.substring(6).trim()).matcher(annotation).find();
        }
        return true;
    }

    private static String compareVector(Script.Eval eval, VectorValue vector) {
        List<SeriesLine> expected = eval.expected();
        if (vector.samples().size() != expected.size()) {
            return "expected " + expected.size() + " samples, got " + vector.samples().size() + ": " + describe(vector);
        }
        Map<Labels, Integer> positions = new HashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            positions.put(expected.get(i).labels(), i);
        }
        for (int i = 0; i < vector.samples().size(); i++) {
            VectorSample sample = vector.samples().get(i);
            Integer position = positions.get(sample.labels());
            if (position == null) {
                return "unexpected sample " + sample.labels() + " " + sample.value() + " in " + describe(vector);
            }
            SeriesLine line = expected.get(position);
            if (line.points().size() != 1) {
                return "expected line " + line.labels() + " needs exactly one value";
            }
            SeriesLine.Point point = line.points().get(0);
            if (point.histogram()) {
                return "expected a native histogram for " + line.labels() + ", got a float";
            }
            if (!floatsEqual(point.value(), sample.value())) {
                return "value of " + sample.labels() + ": expected " + point.value() + ", got " + sample.value();
            }
            if (eval.ordered() && position != i) {
                return "expected " + line.labels() + " at position " + position + ", got it at " + i;
            }
        }
        return null;
    }

    private static String compareMatrix(Script.Eval eval, MatrixValue matrix, long start, long step) {
        List<Series> series = matrix.series();
        for (int i = 1; i < series.size(); i++) {
            if (series.get(i - 1).labels().compareTo(series.get(i).labels()) >= 0) {
                return "matrix not sorted by labels";
            }
        }
        Map<Labels, SeriesLine> expected = new HashMap<>();
        for (SeriesLine line : eval.expected()) {
            expected.put(line.labels(), line);
        }
        if (series.size() != expected.size()) {
            return "expected " + expected.size() + " series, got " + series.size() + ": " + describe(matrix);
        }
        for (Series s : series) {
            SeriesLine line = expected.get(s.labels());
            if (line == null) {
                return "unexpected series " + s.labels() + " in " + describe(matrix);
            }
            List<Long> timestamps = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < line.points().size(); i++) {
                SeriesLine.Point point = line.points().get(i);
                if (point.histogram()) {
                    return "expected native histogram points for " + line.labels();
                }
                if (!point.missing()) {
                    timestamps.add(start + i * step);
                    values.add(point.value());
                }
            }
            if (timestamps.size() != s.size()) {
                return "series " + s.labels() + ": expected " + timestamps.size() + " points, got " + s.size() + ": " + describe(s);
            }
            for (int i = 0; i < s.size(); i++) {
                if (timestamps.get(i) != s.timestamps()[i] || !floatsEqual(values.get(i), s.values()[i])) {
                    return "series " + s.labels() + ": expected " + values + " at " + timestamps + ", got " + describe(s);
                }
            }
        }
        return null;
    }

    /** The float comparison of the conformance README: relative tolerance 1e-6, NaN equals NaN. */
    static boolean floatsEqual(double expected, double actual) {
        if (StaleMarker.isStale(expected) || StaleMarker.isStale(actual)) {
            return StaleMarker.isStale(expected) && StaleMarker.isStale(actual);
        }
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (expected == actual) {
            return true;
        }
        double difference = Math.abs(expected - actual);
        double magnitude = Math.abs(expected) + Math.abs(actual);
        if (expected == 0 || actual == 0 || magnitude < Double.MIN_NORMAL) {
            return difference < 1e-6 * Double.MIN_NORMAL;
        }
        return difference / Math.min(magnitude, Double.MAX_VALUE) < 1e-6;
    }

    private static String describe(Value value) {
        return switch (value) {
            case ScalarValue scalar -> "scalar " + scalar.value();
            case StringValue string -> "string " + string.value();
            case VectorValue vector -> {
                StringBuilder out = new StringBuilder("vector [");
                for (VectorSample sample : vector.samples()) {
                    out.append(sample.labels()).append(' ').append(sample.value()).append("; ");
                }
                yield out.append(']').toString();
            }
            case MatrixValue matrix -> {
                StringBuilder out = new StringBuilder("matrix [");
                for (Series s : matrix.series()) {
                    out.append(describe(s)).append("; ");
                }
                yield out.append(']').toString();
            }
        };
    }

    private static String describe(Series series) {
        StringBuilder out = new StringBuilder(series.labels().toString()).append(' ');
        for (int i = 0; i < series.size(); i++) {
            out.append(series.values()[i]).append('@').append(series.timestamps()[i]).append(' ');
        }
        return out.toString();
    }
}
