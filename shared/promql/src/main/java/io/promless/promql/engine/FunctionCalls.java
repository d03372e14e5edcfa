package io.promless.promql.engine;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.model.regex.GoRegexp;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.VectorSelector;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.MatchResult;

/** Evaluates calls of the function table's functions. */
final class FunctionCalls {
    private final Evaluator evaluator;
    private final boolean delayed;

    FunctionCalls(Evaluator evaluator) {
        this.evaluator = evaluator;
        this.delayed = evaluator.options().delayedNameRemoval();
    }

    Evaluated evaluate(Call call, Timeline timeline) {
        String name = call.function().name();
        List<Expr> arguments = call.arguments();
        int steps = timeline.count();
        if (name.startsWith("sort") && evaluator.isRangeQuery()) {
            evaluator.annotations().warn("sort is ineffective for range queries since results are always ordered by labels", call);
        }
        return switch (name) {
            case "time" -> {
                double[] values = new double[steps];
                for (int i = 0; i < steps; i++) {
                    values[i] = timeline.time(i) / 1000.0;
                }
                yield new Evaluated.Scalars(values);
            }
            case "start" -> constant(steps, evaluator.queryStart() / 1000.0);
            case "end" -> constant(steps, evaluator.queryEnd() / 1000.0);
            case "range" -> constant(steps, (evaluator.queryEnd() - evaluator.queryStart()) / 1000.0);
            case "step" -> constant(steps, evaluator.queryStep() / 1000.0);
            case "min_of", "max_of" -> {
                double[] first = scalars(arguments.get(0), timeline);
                double[] second = scalars(arguments.get(1), timeline);
                double[] values = new double[steps];
                for (int i = 0; i < steps; i++) {
                    values[i] = name.equals("min_of") ? Math.min(first[i], second[i]) : Math.max(first[i], second[i]);
                }
                yield new Evaluated.Scalars(values);
            }
            case "pi" -> {
                double[] values = new double[steps];
                java.util.Arrays.fill(values, Math.PI);
                yield new Evaluated.Scalars(values);
            }
            case "vector" -> {
                double[] values = scalars(arguments.get(0), timeline);
                boolean[] present = new boolean[steps];
                java.util.Arrays.fill(present, true);
                yield new Evaluated.Vectors(List.of(new StepSeries(Labels.EMPTY, false, values.clone(), present)));
            }
            case "scalar" -> scalar(vectors(arguments.get(0), timeline), steps);
            case "abs" -> map(arguments, timeline, Math::abs);
            case "ceil" -> map(arguments, timeline, Math::ceil);
            case "floor" -> map(arguments, timeline, Math::floor);
            case "exp" -> map(arguments, timeline, Math::exp);
            case "sqrt" -> map(arguments, timeline, Math::sqrt);
            case "ln" -> map(arguments, timeline, Math::log);
            case "log2" -> map(arguments, timeline, v -> Math.log(v) / Math.log(2));
            case "log10" -> map(arguments, timeline, Math::log10);
            case "sgn" -> map(arguments, timeline, Math::signum);
            case "acos" -> map(arguments, timeline, Math::acos);
            case "acosh" -> map(arguments, timeline, v -> Math.log(v + Math.sqrt(v * v - 1)));
            case "asin" -> map(arguments, timeline, Math::asin);
            case "asinh" -> map(arguments, timeline, FunctionCalls::asinh);
            case "atan" -> map(arguments, timeline, Math::atan);
            case "atanh" -> map(arguments, timeline, v -> 0.5 * Math.log((1 + v) / (1 - v)));
            case "cos" -> map(arguments, timeline, Math::cos);
            case "cosh" -> map(arguments, timeline, Math::cosh);
            case "sin" -> map(arguments, timeline, Math::sin);
            case "sinh" -> map(arguments, timeline, Math::sinh);
            case "tan" -> map(arguments, timeline, Math::tan);
            case "tanh" -> map(arguments, timeline, Math::tanh);
            case "deg" -> map(arguments, timeline, v -> v * 180 / Math.PI);
            case "rad" -> map(arguments, timeline, v -> v * Math.PI / 180);
            case "round" -> round(arguments, timeline);
            case "clamp" -> clamp(vectors(arguments.get(0), timeline), scalars(arguments.get(1), timeline), scalars(arguments.get(2), timeline));
            case "clamp_min" -> clamp(vectors(arguments.get(0), timeline), scalars(arguments.get(1), timeline), null);
            case "clamp_max" -> clamp(vectors(arguments.get(0), timeline), null, scalars(arguments.get(1), timeline));
            case "timestamp" -> timestamp(arguments.get(0), timeline);
            case "sort" -> sort(vectors(arguments.get(0), timeline), false);
            case "sort_desc" -> sort(vectors(arguments.get(0), timeline), true);
            case "sort_by_label" -> sortByLabel(arguments, timeline, false);
            case "sort_by_label_desc" -> sortByLabel(arguments, timeline, true);
            case "absent" -> absent(arguments.get(0), vectors(arguments.get(0), timeline), steps);
            case "absent_over_time" -> absentOverTime(arguments.get(0), timeline);
            case "label_replace" -> labelReplace(arguments, timeline);
            case "label_join" -> labelJoin(arguments, timeline);
            case "histogram_quantile" -> {
                double[] quantiles = scalars(arguments.get(0), timeline);
                for (double q : quantiles) {
                    if (!(q >= 0 && q <= 1)) {
                        evaluator.annotations().warn("quantile value should be between 0 and 1, got " + Annotations.formatFloat(q), arguments.get(0));
                        break;
                    }
                }
                yield HistogramQuantile.quantile(quantiles, vectors(arguments.get(1), timeline), delayed,
                        new HistogramQuantile.Reporter(evaluator.annotations(), arguments.get(1), true));
            }
            case "histogram_fraction" -> HistogramQuantile.fraction(scalars(arguments.get(0), timeline),
                    scalars(arguments.get(1), timeline), vectors(arguments.get(2), timeline), delayed,
                    new HistogramQuantile.Reporter(evaluator.annotations(), arguments.get(2), false));
            case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar" -> {
                vectors(arguments.get(0), timeline);
                // Only native histogram samples have these; float samples are ignored.
                yield new Evaluated.Vectors(List.of());
            }
            case "day_of_month" -> date(arguments, timeline, time -> time.getDayOfMonth());
            case "day_of_week" -> date(arguments, timeline, time -> time.getDayOfWeek().getValue() % 7);
            case "day_of_year" -> date(arguments, timeline, time -> time.getDayOfYear());
            case "days_in_month" -> date(arguments, timeline, time -> YearMonth.from(time).lengthOfMonth());
            case "hour" -> date(arguments, timeline, time -> time.getHour());
            case "minute" -> date(arguments, timeline, time -> time.getMinute());
            case "month" -> date(arguments, timeline, time -> time.getMonthValue());
            case "year" -> date(arguments, timeline, time -> time.getYear());
            default -> rangeFunction(name, arguments, timeline);
        };
    }

    private static Evaluated constant(int steps, double value) {
        double[] values = new double[steps];
        java.util.Arrays.fill(values, value);
        return new Evaluated.Scalars(values);
    }

    private Evaluated rangeFunction(String name, List<Expr> arguments, Timeline timeline) {
        RangeFunctions.Kind kind;
        try {
            kind = RangeFunctions.Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PromlessException(ErrorType.EXECUTION, "function \"" + name + "\" is not supported");
        }
        double[] first = null;
        double[] second = null;
        Evaluated.Ranges ranges;
        switch (kind) {
            case QUANTILE_OVER_TIME -> {
                first = scalars(arguments.get(0), timeline);
                ranges = ranges(arguments.get(1), timeline);
            }
            case PREDICT_LINEAR -> {
                ranges = ranges(arguments.get(0), timeline);
                first = scalars(arguments.get(1), timeline);
            }
            case DOUBLE_EXPONENTIAL_SMOOTHING -> {
                ranges = ranges(arguments.get(0), timeline);
                first = scalars(arguments.get(1), timeline);
                second = scalars(arguments.get(2), timeline);
            }
            default -> ranges = ranges(arguments.get(0), timeline);
        }
        checkRangeMode(name, ranges.mode());
        long[] evaluationTimes = new long[timeline.count()];
        for (int i = 0; i < evaluationTimes.length; i++) {
            evaluationTimes[i] = timeline.time(i);
        }
        return new Evaluated.Vectors(RangeFunctions.apply(kind, ranges, first, second, evaluationTimes, evaluator.lookback(), delayed));
    }

    private static final List<String> ANCHORED_FUNCTIONS = List.of("changes", "delta", "increase", "rate", "resets");
    private static final List<String> SMOOTHED_FUNCTIONS = List.of("delta", "increase", "rate");

    private static void checkRangeMode(String function, io.promless.promql.ast.RangeMode mode) {
        List<String> allowed = switch (mode) {
            case NORMAL -> null;
            case ANCHORED -> ANCHORED_FUNCTIONS;
            case SMOOTHED -> SMOOTHED_FUNCTIONS;
        };
        if (allowed != null && !allowed.contains(function)) {
            throw new PromlessException(ErrorType.BAD_DATA, mode.name().toLowerCase(Locale.ROOT)
                    + " modifier can only be used with: " + String.join(", ", allowed) + " - not with " + function);
        }
    }

    private Evaluated.Vectors vectors(Expr expr, Timeline timeline) {
        return (Evaluated.Vectors) evaluator.evaluate(expr, timeline);
    }

    private Evaluated.Ranges ranges(Expr expr, Timeline timeline) {
        return (Evaluated.Ranges) evaluator.evaluate(expr, timeline);
    }

    private double[] scalars(Expr expr, Timeline timeline) {
        return ((Evaluated.Scalars) evaluator.evaluate(expr, timeline)).values();
    }

    private String text(Expr expr, Timeline timeline) {
        return ((Evaluated.Text) evaluator.evaluate(expr, timeline)).value();
    }

    private static double asinh(double v) {
        if (Double.isInfinite(v)) {
            return v;
        }
        return Math.log(v + Math.sqrt(v * v + 1));
    }

    private Evaluated map(List<Expr> arguments, Timeline timeline, DoubleUnaryOperator function) {
        Evaluated.Vectors input = vectors(arguments.get(0), timeline);
        List<StepSeries> result = new ArrayList<>(input.series().size());
        for (StepSeries series : input.series()) {
            double[] values = new double[series.values.length];
            for (int i = 0; i < values.length; i++) {
                if (series.present[i]) {
                    values[i] = function.applyAsDouble(series.values[i]);
                }
            }
            result.add(SeriesMerger.dropName(series, delayed, values, series.present));
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }

    private Evaluated round(List<Expr> arguments, Timeline timeline) {
        Evaluated.Vectors input = vectors(arguments.get(0), timeline);
        double[] toNearest = arguments.size() > 1 ? scalars(arguments.get(1), timeline) : null;
        List<StepSeries> result = new ArrayList<>(input.series().size());
        for (StepSeries series : input.series()) {
            double[] values = new double[series.values.length];
            for (int i = 0; i < values.length; i++) {
                if (series.present[i]) {
                    double inverse = 1.0 / (toNearest == null ? 1 : toNearest[i]);
                    values[i] = Math.floor(series.values[i] * inverse + 0.5) / inverse;
                }
            }
            result.add(SeriesMerger.dropName(series, delayed, values, series.present));
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }

    private Evaluated clamp(Evaluated.Vectors input, double[] min, double[] max) {
        List<StepSeries> result = new ArrayList<>(input.series().size());
        for (StepSeries series : input.series()) {
            double[] values = new double[series.values.length];
            boolean[] present = new boolean[values.length];
            boolean any = false;
            for (int i = 0; i < values.length; i++) {
                if (!series.present[i] || (min != null && max != null && max[i] < min[i])) {
                    continue;
                }
                double value = series.values[i];
                if (min != null) {
                    value = Double.isNaN(value) || Double.isNaN(min[i]) ? Double.NaN : Math.max(min[i], value);
                }
                if (max != null) {
                    value = Double.isNaN(value) || Double.isNaN(max[i]) ? Double.NaN : Math.min(max[i], value);
                }
                values[i] = value;
                present[i] = true;
                any = true;
            }
            if (any) {
                result.add(SeriesMerger.dropName(series, delayed, values, present));
            }
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }

    private Evaluated timestamp(Expr argument, Timeline timeline) {
        Evaluated.Vectors input = vectors(argument, timeline);
        List<StepSeries> result = new ArrayList<>(input.series().size());
        for (StepSeries series : input.series()) {
            double[] values = new double[series.values.length];
            for (int i = 0; i < values.length; i++) {
                if (series.present[i]) {
                    long time = series.sampleTimestamps != null ? series.sampleTimestamps[i] : timeline.time(i);
                    values[i] = time / 1000.0;
                }
            }
            result.add(SeriesMerger.dropName(series, delayed, values, series.present));
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }

    private Evaluated scalar(Evaluated.Vectors input, int steps) {
        double[] values = new double[steps];
        for (int i = 0; i < steps; i++) {
            int count = 0;
            double value = Double.NaN;
            for (StepSeries series : input.series()) {
                if (series.present[i]) {
                    count++;
                    value = series.values[i];
                }
            }
            values[i] = count == 1 ? value : Double.NaN;
        }
        return new Evaluated.Scalars(values);
    }

    /** Orders series by their value at the (single) step; only instant queries observe the order. */
    private Evaluated sort(Evaluated.Vectors input, boolean descending) {
        List<StepSeries> sorted = new ArrayList<>(input.series());
        sorted.sort((a, b) -> {
            double x = a.values[0];
            double y = b.values[0];
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : 1) : -1;
            }
            return descending ? Double.compare(y, x) : Double.compare(x, y);
        });
        return new Evaluated.Vectors(sorted);
    }

    private Evaluated sortByLabel(List<Expr> arguments, Timeline timeline, boolean descending) {
        Evaluated.Vectors input = vectors(arguments.get(0), timeline);
        List<String> names = new ArrayList<>();
        for (int i = 1; i < arguments.size(); i++) {
            names.add(text(arguments.get(i), timeline));
        }
        Comparator<StepSeries> comparator = (a, b) -> {
            for (String name : names) {
                int byValue = naturalCompare(a.labels.get(name), b.labels.get(name));
                if (byValue != 0) {
                    return byValue;
                }
            }
            return a.labels.compareTo(b.labels);
        };
        List<StepSeries> sorted = new ArrayList<>(input.series());
        sorted.sort(descending ? comparator.reversed() : comparator);
        return new Evaluated.Vectors(sorted);
    }

    /** Compares strings with embedded numbers numerically, as Prometheus's natural sort does. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int startI = i;
                int startJ = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String numberA = a.substring(startI, i).replaceFirst("^0+(?=.)", "");
                String numberB = b.substring(startJ, j).replaceFirst("^0+(?=.)", "");
                int byLength = Integer.compare(numberA.length(), numberB.length());
                if (byLength != 0) {
                    return byLength;
                }
                int byDigits = numberA.compareTo(numberB);
                if (byDigits != 0) {
                    return byDigits;
                }
                continue;
            }
            if (x != y) {
                return Character.compare(x, y);
            }
            i++;
            j++;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private Evaluated absent(Expr argument, Evaluated.Vectors input, int steps) {
        StepSeries out = new StepSeries(absentLabels(argument), false, steps);
        for (int i = 0; i < steps; i++) {
            boolean anyPresent = false;
            for (StepSeries series : input.series()) {
                if (series.present[i]) {
                    anyPresent = true;
                    break;
                }
            }
            if (!anyPresent) {
                out.set(i, 1);
            }
        }
        return new Evaluated.Vectors(out.isEmpty() ? List.of() : List.of(out));
    }

    private Evaluated absentOverTime(Expr argument, Timeline timeline) {
        Evaluated.Ranges input = ranges(argument, timeline);
        int steps = timeline.count();
        StepSeries out = new StepSeries(absentLabels(argument), false, steps);
        long[] ends = input.windowEnds();
        for (int i = 0; i < steps; i++) {
            boolean anyPresent = false;
            for (Evaluated.RangeSeries series : input.series()) {
                int from = RangeFunctions.upperBound(series.timestamps(), ends[i] - input.range());
                int to = RangeFunctions.upperBound(series.timestamps(), ends[i]);
                if (to > from) {
                    anyPresent = true;
                    break;
                }
            }
            if (!anyPresent) {
                out.set(i, 1);
            }
        }
        return new Evaluated.Vectors(out.isEmpty() ? List.of() : List.of(out));
    }

    /** Labels of absent()'s result: the selector's equality matchers, minus names matched twice. */
    private static Labels absentLabels(Expr argument) {
        while (argument instanceof ParenExpr paren) {
            argument = paren.inner();
        }
        VectorSelector selector = switch (argument) {
            case VectorSelector s -> s;
            case MatrixSelector m -> m.selector();
            default -> null;
        };
        if (selector == null) {
            return Labels.EMPTY;
        }
        Labels.Builder builder = Labels.builder();
        Map<String, Integer> seen = new HashMap<>();
        for (LabelMatcher matcher : selector.matchers()) {
            seen.merge(matcher.name(), 1, Integer::sum);
        }
        for (LabelMatcher matcher : selector.matchers()) {
            if (matcher.type() == MatchType.EQUAL && !matcher.name().equals(Labels.METRIC_NAME) && seen.get(matcher.name()) == 1) {
                builder.set(matcher.name(), matcher.value());
            }
        }
        return builder.build();
    }

    private Evaluated labelReplace(List<Expr> arguments, Timeline timeline) {
        Evaluated.Vectors input = vectors(arguments.get(0), timeline);
        String destination = text(arguments.get(1), timeline);
        String replacement = text(arguments.get(2), timeline);
        String source = text(arguments.get(3), timeline);
        String regex = text(arguments.get(4), timeline);
        GoRegexp pattern;
        try {
            pattern = GoRegexp.compileAnchored(regex);
        } catch (IllegalArgumentException e) {
            throw new PromlessException(ErrorType.EXECUTION, "invalid regular expression in label_replace(): " + regex);
        }
        if (!LabelNames.isValidName(destination)) {
            throw new PromlessException(ErrorType.EXECUTION, "invalid destination label name in label_replace(): " + destination);
        }
        List<StepSeries> result = new ArrayList<>(input.series().size());
        for (StepSeries series : input.series()) {
            String sourceValue = series.labels.get(source);
            MatchResult match = pattern.find(sourceValue);
            if (match == null) {
                result.add(series);
                continue;
            }
            String value = pattern.expand(replacement, sourceValue, match);
            Labels labels = series.labels.toBuilder().set(destination, value).build();
            boolean dropName = series.dropName && !destination.equals(Labels.METRIC_NAME);
            result.add(new StepSeries(labels, dropName, series.values, series.present));
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }

    private Evaluated labelJoin(List<Expr> arguments, Timeline timeline) {
        Evaluated.Vectors input = vectors(arguments.get(0), timeline);
        String destination = text(arguments.get(1), timeline);
        String separator = text(arguments.get(2), timeline);
        List<String> sources = new ArrayList<>();
        for (int i = 3; i < arguments.size(); i++) {
            String source = text(arguments.get(i), timeline);
            if (!LabelNames.isValidName(source)) {
                throw new PromlessException(ErrorType.EXECUTION, "invalid source label name in label_join(): " + source);
            }
            sources.add(source);
        }
        if (!LabelNames.isValidName(destination)) {
            throw new PromlessException(ErrorType.EXECUTION, "invalid destination label name in label_join(): " + destination);
        }
        List<StepSeries> result = new ArrayList<>(input.series().size());
        for (StepSeries series : input.series()) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < sources.size(); i++) {
                if (i > 0) {
                    joined.append(separator);
                }
                joined.append(series.labels.get(sources.get(i)));
            }
            Labels labels = series.labels.toBuilder().set(destination, joined.toString()).build();
            boolean dropName = series.dropName && !destination.equals(Labels.METRIC_NAME);
            result.add(new StepSeries(labels, dropName, series.values, series.present));
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }

    private Evaluated date(List<Expr> arguments, Timeline timeline, java.util.function.ToIntFunction<ZonedDateTime> field) {
        int steps = timeline.count();
        Evaluated.Vectors input;
        if (arguments.isEmpty()) {
            double[] values = new double[steps];
            boolean[] present = new boolean[steps];
            for (int i = 0; i < steps; i++) {
                values[i] = timeline.time(i) / 1000.0;
                present[i] = true;
            }
            input = new Evaluated.Vectors(List.of(new StepSeries(Labels.EMPTY, false, values, present)));
        } else {
            input = vectors(arguments.get(0), timeline);
        }
        List<StepSeries> result = new ArrayList<>(input.series().size());
        for (StepSeries series : input.series()) {
            double[] values = new double[steps];
            for (int i = 0; i < steps; i++) {
                if (!series.present[i]) {
                    continue;
                }
                double seconds = series.values[i];
                if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                    values[i] = Double.NaN;
                    continue;
                }
                long millis = (long) (seconds * 1000);
                ZonedDateTime time = Instant.ofEpochMilli(Math.floorDiv(millis, 1000) * 1000).atZone(ZoneOffset.UTC);
                values[i] = field.applyAsInt(time);
            }
            result.add(SeriesMerger.dropName(series, delayed, values, series.present));
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }
}
