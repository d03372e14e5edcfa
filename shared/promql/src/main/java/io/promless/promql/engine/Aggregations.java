package io.promless.promql.engine;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.AggregationOperator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aggregation operators. Group membership is computed once per series, values per step on arrays. */
final class Aggregations {
    private final Evaluator evaluator;

    Aggregations(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    Evaluated evaluate(Aggregation aggregation, Timeline timeline) {
        Evaluated.Vectors input = (Evaluated.Vectors) evaluator.evaluate(aggregation.expr(), timeline);
        int steps = timeline.count();
        double[] parameters = null;
        String labelParameter = null;
        if (aggregation.parameter() != null) {
            Evaluated parameter = evaluator.evaluate(aggregation.parameter(), timeline);
            if (parameter instanceof Evaluated.Scalars scalars) {
                parameters = scalars.values();
                if (aggregation.operator() == AggregationOperator.QUANTILE) {
                    for (double q : parameters) {
                        if (!(q >= 0 && q <= 1)) {
                            evaluator.annotations().warn("quantile value should be between 0 and 1, got "
                                    + Annotations.formatFloat(q), aggregation.parameter());
                            break;
                        }
                    }
                }
            } else {
                labelParameter = ((Evaluated.Text) parameter).value();
            }
        }
        List<StepSeries> series = input.series();
        Map<Labels, Integer> groupIndex = new LinkedHashMap<>();
        List<Labels> groupLabels = new ArrayList<>();
        int[] groupOf = new int[series.size()];
        boolean byName = !aggregation.without() && aggregation.grouping().contains(Labels.METRIC_NAME);
        for (int i = 0; i < series.size(); i++) {
            Labels key = groupingKey(series.get(i).labels, aggregation);
            Integer index = groupIndex.get(key);
            if (index == null) {
                index = groupLabels.size();
                groupIndex.put(key, index);
                groupLabels.add(key);
            }
            groupOf[i] = index;
        }
        int groups = groupLabels.size();
        int[][] members = membersByGroup(groupOf, groups);
        return switch (aggregation.operator()) {
            case TOPK, BOTTOMK -> selectK(aggregation.operator() == AggregationOperator.TOPK, series, members, parameters, steps);
            case LIMITK -> limitK(series, members, parameters, steps);
            case LIMIT_RATIO -> limitRatio(series, parameters, steps);
            case COUNT_VALUES -> countValues(series, groupOf, groupLabels, labelParameter, steps);
            default -> {
                List<StepSeries> result = new ArrayList<>(groups);
                double[] buffer = new double[series.size()];
                for (int group = 0; group < groups; group++) {
                    boolean dropName = false;
                    if (byName) {
                        for (int member : members[group]) {
                            dropName |= series.get(member).dropName;
                        }
                    }
                    StepSeries out = new StepSeries(groupLabels.get(group), dropName, steps);
                    for (int step = 0; step < steps; step++) {
                        int count = 0;
                        for (int member : members[group]) {
                            StepSeries s = series.get(member);
                            if (s.present[step]) {
                                buffer[count++] = s.values[step];
                            }
                        }
                        if (count > 0) {
                            out.set(step, aggregate(aggregation.operator(), buffer, count, parameters == null ? 0 : parameters[step]));
                        }
                    }
                    if (!out.isEmpty()) {
                        result.add(out);
                    }
                }
                yield new Evaluated.Vectors(result);
            }
        };
    }

    private static int[][] membersByGroup(int[] groupOf, int groups) {
        int[] sizes = new int[groups];
        for (int group : groupOf) {
            sizes[group]++;
        }
        int[][] members = new int[groups][];
        for (int group = 0; group < groups; group++) {
            members[group] = new int[sizes[group]];
        }
        int[] filled = new int[groups];
        for (int i = 0; i < groupOf.length; i++) {
            members[groupOf[i]][filled[groupOf[i]]++] = i;
        }
        return members;
    }

    static Labels groupingKey(Labels labels, Aggregation aggregation) {
        if (aggregation.without()) {
            Labels.Builder builder = MetricNames.drop(labels.toBuilder());
            for (String name : aggregation.grouping()) {
                builder.remove(name);
            }
            return builder.build();
        }
        if (aggregation.grouping().isEmpty()) {
            return Labels.EMPTY;
        }
        Labels.Builder builder = Labels.builder();
        for (String name : aggregation.grouping()) {
            builder.set(name, labels.get(name));
        }
        return builder.build();
    }

    private static double aggregate(AggregationOperator operator, double[] values, int count, double parameter) {
        return switch (operator) {
            case SUM -> FloatMath.sum(values, 0, count);
            case AVG -> FloatMath.mean(values, 0, count);
            case COUNT -> count;
            case GROUP -> 1;
            case MIN -> {
                double min = values[0];
                for (int i = 1; i < count; i++) {
                    if (min > values[i] || Double.isNaN(min)) {
                        min = values[i];
                    }
                }
                yield min;
            }
            case MAX -> {
                double max = values[0];
                for (int i = 1; i < count; i++) {
                    if (max < values[i] || Double.isNaN(max)) {
                        max = values[i];
                    }
                }
                yield max;
            }
            case STDVAR -> FloatMath.variance(values, 0, count);
            case STDDEV -> Math.sqrt(FloatMath.variance(values, 0, count));
            case QUANTILE -> FloatMath.quantile(parameter, values, count);
            case TOPK, BOTTOMK, COUNT_VALUES, LIMITK, LIMIT_RATIO -> throw new IllegalStateException(operator + " is not a plain reduction");
        };
    }

    private static long kParameter(double value) {
        if (Double.isNaN(value)) {
            throw new PromlessException(ErrorType.EXECUTION, "Parameter value is NaN");
        }
        if (value >= Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        if (value <= Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return (long) value;
    }

    private Evaluated selectK(boolean top, List<StepSeries> series, int[][] members, double[] parameters, int steps) {
        StepSeries[] outputs = new StepSeries[series.size()];
        List<StepSeries> ordered = new ArrayList<>();
        int[] chosen = new int[series.size()];
        for (int step = 0; step < steps; step++) {
            long k = kParameter(parameters[step]);
            if (k < 1) {
                continue;
            }
            for (int[] group : members) {
                int count = selectBest(top, series, group, step, (int) Math.min(k, group.length), chosen);
                for (int i = 0; i < count; i++) {
                    int member = chosen[i];
                    StepSeries source = series.get(member);
                    if (outputs[member] == null) {
                        outputs[member] = new StepSeries(source.labels, source.dropName, steps);
                    }
                    outputs[member].set(step, source.values[step]);
                    if (steps == 1) {
                        ordered.add(outputs[member]);
                    }
                }
            }
        }
        if (steps == 1) {
            return new Evaluated.Vectors(ordered);
        }
        List<StepSeries> result = new ArrayList<>();
        for (StepSeries output : outputs) {
            if (output != null) {
                result.add(output);
            }
        }
        return new Evaluated.Vectors(result);
    }

    /**
     * Writes the indices of the best {@code k} present members at this step into {@code chosen},
     * best first, by insertion into a sorted prefix: O(members * k) without boxing. Returns the count.
     */
    private static int selectBest(boolean top, List<StepSeries> series, int[] group, int step, int k, int[] chosen) {
        int count = 0;
        for (int member : group) {
            StepSeries candidate = series.get(member);
            if (!candidate.present[step]) {
                continue;
            }
            double value = candidate.values[step];
            if (count == k && compareForK(top, value, series.get(chosen[count - 1]).values[step]) >= 0) {
                continue;
            }
            int position = count == k ? k - 1 : count++;
            while (position > 0 && compareForK(top, value, series.get(chosen[position - 1]).values[step]) < 0) {
                chosen[position] = chosen[position - 1];
                position--;
            }
            chosen[position] = member;
        }
        return count;
    }

    /** Orders the wanted elements first; NaN always sorts last. */
    private static int compareForK(boolean top, double a, double b) {
        if (Double.isNaN(a)) {
            return Double.isNaN(b) ? 0 : 1;
        }
        if (Double.isNaN(b)) {
            return -1;
        }
        return top ? Double.compare(b, a) : Double.compare(a, b);
    }

    private Evaluated limitK(List<StepSeries> series, int[][] members, double[] parameters, int steps) {
        StepSeries[] outputs = new StepSeries[series.size()];
        for (int step = 0; step < steps; step++) {
            long k = kParameter(parameters[step]);
            for (int[] group : members) {
                int taken = 0;
                for (int member : group) {
                    if (taken >= k) {
                        break;
                    }
                    StepSeries source = series.get(member);
                    if (source.present[step]) {
                        if (outputs[member] == null) {
                            outputs[member] = new StepSeries(source.labels, source.dropName, steps);
                        }
                        outputs[member].set(step, source.values[step]);
                        taken++;
                    }
                }
            }
        }
        List<StepSeries> result = new ArrayList<>();
        for (StepSeries output : outputs) {
            if (output != null) {
                result.add(output);
            }
        }
        return new Evaluated.Vectors(result);
    }

    /** Keeps a series when its label hash, mapped to [0, 1), falls below the ratio (above for negative ratios). */
    private Evaluated limitRatio(List<StepSeries> series, double[] parameters, int steps) {
        List<StepSeries> result = new ArrayList<>();
        for (StepSeries source : series) {
            double position = (double) (source.labels.hash() >>> 11) / (double) (1L << 53);
            StepSeries out = new StepSeries(source.labels, source.dropName, steps);
            for (int step = 0; step < steps; step++) {
                double ratio = parameters[step];
                if (Double.isNaN(ratio)) {
                    throw new PromlessException(ErrorType.EXECUTION, "Ratio value is NaN");
                }
                ratio = Math.max(-1, Math.min(1, ratio));
                boolean keep = ratio >= 0 ? position < ratio : position >= 1 + ratio;
                if (keep && source.present[step]) {
                    out.set(step, source.values[step]);
                }
            }
            if (!out.isEmpty()) {
                result.add(out);
            }
        }
        return new Evaluated.Vectors(result);
    }

    private Evaluated countValues(List<StepSeries> series, int[] groupOf, List<Labels> groupLabels, String label, int steps) {
        if (!LabelNames.isValidName(label)) {
            throw new PromlessException(ErrorType.EXECUTION, "invalid label name \"" + label + "\"");
        }
        Map<Labels, StepSeries> outputs = new LinkedHashMap<>();
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < series.size(); i++) {
                StepSeries source = series.get(i);
                if (!source.present[step]) {
                    continue;
                }
                String value = FloatMath.formatPlain(source.values[step]);
                Labels labels = groupLabels.get(groupOf[i]).toBuilder().set(label, value).build();
                StepSeries out = outputs.computeIfAbsent(labels, key -> new StepSeries(key, false, steps));
                out.set(step, out.present[step] ? out.values[step] + 1 : 1);
            }
        }
        return new Evaluated.Vectors(new ArrayList<>(outputs.values()));
    }
}
