package io.promless.promql.engine;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.ScalarArithmetic;
import io.promless.promql.ast.BinaryOperator;
import io.promless.promql.ast.VectorMatching;
import io.promless.promql.ast.VectorMatching.Cardinality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binary operators over scalars and vectors, with Prometheus's vector matching. */
final class BinaryOperations {
    private final Evaluator evaluator;
    private final boolean delayed;

    BinaryOperations(Evaluator evaluator) {
        this.evaluator = evaluator;
        this.delayed = evaluator.options().delayedNameRemoval();
    }

    Evaluated evaluate(BinaryExpr binary, Timeline timeline) {
        Evaluated left = evaluator.evaluate(binary.left(), timeline);
        Evaluated right = evaluator.evaluate(binary.right(), timeline);
        BinaryOperator operator = binary.operator();
        if (left instanceof Evaluated.Scalars l && right instanceof Evaluated.Scalars r) {
            double[] values = new double[l.values().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = ScalarArithmetic.apply(operator, l.values()[i], r.values()[i]);
            }
            return new Evaluated.Scalars(values);
        }
        if (left instanceof Evaluated.Vectors l && right instanceof Evaluated.Scalars r) {
            return vectorScalar(binary, l, r.values(), false);
        }
        if (left instanceof Evaluated.Scalars l && right instanceof Evaluated.Vectors r) {
            return vectorScalar(binary, r, l.values(), true);
        }
        Evaluated.Vectors l = (Evaluated.Vectors) left;
        Evaluated.Vectors r = (Evaluated.Vectors) right;
        VectorMatching matching = binary.matching() != null
                ? binary.matching()
                : new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
        return switch (operator) {
            case AND -> and(l, r, matching, timeline.count(), false);
            case UNLESS -> and(l, r, matching, timeline.count(), true);
            case OR -> or(l, r, matching, timeline.count());
            default -> vectorVector(binary, l, r, matching, timeline.count());
        };
    }

    private Evaluated vectorScalar(BinaryExpr binary, Evaluated.Vectors vectors, double[] scalars, boolean scalarOnLeft) {
        BinaryOperator operator = binary.operator();
        boolean filter = operator.isComparison() && !binary.returnBool();
        List<StepSeries> result = new ArrayList<>(vectors.series().size());
        for (StepSeries series : vectors.series()) {
            double[] values = new double[series.values.length];
            boolean[] present = new boolean[values.length];
            boolean any = false;
            for (int i = 0; i < values.length; i++) {
                if (!series.present[i]) {
                    continue;
                }
                double v = series.values[i];
                double computed = scalarOnLeft ? ScalarArithmetic.apply(operator, scalars[i], v) : ScalarArithmetic.apply(operator, v, scalars[i]);
                if (filter) {
                    if (computed == 1) {
                        values[i] = v;
                        present[i] = true;
                        any = true;
                    }
                    continue;
                }
                values[i] = computed;
                present[i] = true;
                any = true;
            }
            if (!any) {
                continue;
            }
            result.add(filter ? new StepSeries(series.labels, series.dropName, values, present)
                    : SeriesMerger.dropName(series, delayed, values, present));
        }
        return new Evaluated.Vectors(filter ? result : SeriesMerger.merge(result));
    }

    static Labels signature(Labels labels, VectorMatching matching) {
        Labels.Builder builder = Labels.builder();
        if (matching.on()) {
            for (String name : matching.labels()) {
                builder.set(name, labels.get(name));
            }
            return builder.build();
        }
        // __type__ and __unit__ stay in the signature: series of different types do not match.
        Labels.Builder all = labels.toBuilder().remove(Labels.METRIC_NAME);
        for (String name : matching.labels()) {
            all.remove(name);
        }
        return all.build();
    }

    private Evaluated and(Evaluated.Vectors left, Evaluated.Vectors right, VectorMatching matching, int steps, boolean unless) {
        Map<Labels, boolean[]> rightPresence = presenceBySignature(right, matching, steps);
        List<StepSeries> result = new ArrayList<>();
        for (StepSeries series : left.series()) {
            boolean[] other = rightPresence.get(signature(series.labels, matching));
            boolean[] present = new boolean[steps];
            boolean any = false;
            for (int i = 0; i < steps; i++) {
                boolean matched = other != null && other[i];
                present[i] = series.present[i] && (unless ? !matched : matched);
                any |= present[i];
            }
            if (any) {
                StepSeries out = new StepSeries(series.labels, series.dropName, series.values, present);
                out.sampleTimestamps = series.sampleTimestamps;
                result.add(out);
            }
        }
        return new Evaluated.Vectors(result);
    }

    private Evaluated or(Evaluated.Vectors left, Evaluated.Vectors right, VectorMatching matching, int steps) {
        Map<Labels, boolean[]> leftPresence = presenceBySignature(left, matching, steps);
        List<StepSeries> result = new ArrayList<>(left.series());
        for (StepSeries series : right.series()) {
            boolean[] other = leftPresence.get(signature(series.labels, matching));
            if (other == null) {
                result.add(series);
                continue;
            }
            boolean[] present = new boolean[steps];
            boolean any = false;
            for (int i = 0; i < steps; i++) {
                present[i] = series.present[i] && !other[i];
                any |= present[i];
            }
            if (any) {
                result.add(new StepSeries(series.labels, series.dropName, series.values, present));
            }
        }
        return new Evaluated.Vectors(SeriesMerger.merge(result));
    }

    private static Map<Labels, boolean[]> presenceBySignature(Evaluated.Vectors vectors, VectorMatching matching, int steps) {
        Map<Labels, boolean[]> presence = new HashMap<>();
        for (StepSeries series : vectors.series()) {
            boolean[] flags = presence.computeIfAbsent(signature(series.labels, matching), key -> new boolean[steps]);
            for (int i = 0; i < steps; i++) {
                flags[i] |= series.present[i];
            }
        }
        return presence;
    }

    private Evaluated vectorVector(BinaryExpr binary, Evaluated.Vectors left, Evaluated.Vectors right, VectorMatching matching, int steps) {
        BinaryOperator operator = binary.operator();
        boolean swap = matching.cardinality() == Cardinality.ONE_TO_MANY;
        List<StepSeries> many = swap ? right.series() : left.series();
        List<StepSeries> one = swap ? left.series() : right.series();
        boolean filter = operator.isComparison() && !binary.returnBool();
        boolean dropsName = !filter;

        Map<Labels, List<StepSeries>> oneBySignature = new HashMap<>();
        for (StepSeries series : one) {
            oneBySignature.computeIfAbsent(signature(series.labels, matching), key -> new ArrayList<>()).add(series);
        }
        Map<Labels, StepSeries> output = new LinkedHashMap<>();
        // Fill modifiers: fill_right stands in for the "one" side, fill_left for the "many" side
        // (with group_right too, as Prometheus's own evaluation does).
        Double fillOne = matching.fillRight();
        Double fillMany = matching.fillLeft();
        Map<Labels, StepSeries> filledOne = new HashMap<>();
        Map<Labels, boolean[]> manyPresence = fillMany == null
                ? Map.of()
                : presenceBySignature(swap ? right : left, matching, steps);
        int manyCount = many.size();
        Labels[] manySignatures = new Labels[manyCount];
        int[] manySignatureIds = new int[manyCount];
        Map<Labels, Integer> signatureIds = new HashMap<>();
        List<List<StepSeries>> manyCandidates = new ArrayList<>(manyCount);
        for (int index = 0; index < manyCount; index++) {
            manySignatures[index] = signature(many.get(index).labels, matching);
            manySignatureIds[index] = signatureIds.computeIfAbsent(manySignatures[index], key -> signatureIds.size());
            manyCandidates.add(oneBySignature.get(manySignatures[index]));
        }
        // One-to-one matching must not see two "many" series with one signature at the same step;
        // the last step each signature was seen at, indexed by signature id (no hashing per sample).
        int[] signatureSeenAt = new int[signatureIds.size()];
        java.util.Arrays.fill(signatureSeenAt, -1);
        // The output series of the last pair per "many" series, so labels are built once per pair, not per step.
        StepSeries[] lastMatch = new StepSeries[manyCount];
        StepSeries[] lastOutput = new StepSeries[manyCount];
        for (int step = 0; step < steps; step++) {
            for (int index = 0; index < manyCount; index++) {
                StepSeries manySeries = many.get(index);
                if (!manySeries.present[step]) {
                    continue;
                }
                Labels signature = manySignatures[index];
                List<StepSeries> candidates = manyCandidates.get(index);
                StepSeries match = null;
                if (candidates != null) {
                    for (StepSeries candidate : candidates) {
                        if (candidate.present[step]) {
                            if (match != null) {
                                throw duplicateOnOneSide(signature, swap ? "left" : "right", match, candidate);
                            }
                            match = candidate;
                        }
                    }
                }
                if (match == null) {
                    if (fillOne == null) {
                        continue;
                    }
                    match = filledOne.computeIfAbsent(signature, key -> constant(key, fillOne, steps));
                }
                if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
                    int id = manySignatureIds[index];
                    if (signatureSeenAt[id] == step) {
                        throw new PromlessException(ErrorType.EXECUTION,
                                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }
                    signatureSeenAt[id] = step;
                }
                double leftValue = swap ? match.values[step] : manySeries.values[step];
                double rightValue = swap ? manySeries.values[step] : match.values[step];
                double computed = ScalarArithmetic.apply(operator, leftValue, rightValue);
                if (filter && computed != 1) {
                    continue;
                }
                double value = filter ? leftValue : computed;
                StepSeries out;
                if (lastMatch[index] == match) {
                    out = lastOutput[index];
                } else {
                    Labels labels = resultLabels(manySeries.labels, match.labels, matching, dropsName && !delayed);
                    boolean dropName = dropsName && delayed || (filter && (swap ? match.dropName : manySeries.dropName));
                    out = output.computeIfAbsent(labels, key -> new StepSeries(key, dropName, steps));
                    lastMatch[index] = match;
                    lastOutput[index] = out;
                }
                if (out.present[step]) {
                    throw new PromlessException(ErrorType.EXECUTION,
                            matching.cardinality() == Cardinality.ONE_TO_ONE
                                    ? "vector cannot contain metrics with the same labelset"
                                    : "multiple matches for labels: grouping labels must ensure unique matches");
                }
                out.set(step, value);
            }
            if (fillMany != null) {
                fillMissingMany(binary, matching, swap, one, manyPresence, fillMany, output, step, steps);
            }
        }
        return new Evaluated.Vectors(new ArrayList<>(output.values()));
    }

    /** A stand-in series for a missing operand: the match group's labels and the fill value at every step. */
    private static StepSeries constant(Labels labels, double value, int steps) {
        double[] values = new double[steps];
        boolean[] present = new boolean[steps];
        java.util.Arrays.fill(values, value);
        java.util.Arrays.fill(present, true);
        return new StepSeries(labels, false, values, present);
    }

    /** For "one"-side series with no "many"-side partner at this step, computes against the fill value. */
    private void fillMissingMany(BinaryExpr binary, VectorMatching matching, boolean swap, List<StepSeries> one,
            Map<Labels, boolean[]> manyPresence, double fill, Map<Labels, StepSeries> output, int step, int steps) {
        BinaryOperator operator = binary.operator();
        boolean filter = operator.isComparison() && !binary.returnBool();
        Map<Labels, StepSeries> seen = new HashMap<>();
        for (StepSeries oneSeries : one) {
            if (!oneSeries.present[step]) {
                continue;
            }
            Labels signature = signature(oneSeries.labels, matching);
            boolean[] presence = manyPresence.get(signature);
            if (presence != null && presence[step]) {
                continue;
            }
            StepSeries duplicate = seen.put(signature, oneSeries);
            if (duplicate != null) {
                throw duplicateOnOneSide(signature, swap ? "left" : "right", duplicate, oneSeries);
            }
            double leftValue = swap ? oneSeries.values[step] : fill;
            double rightValue = swap ? fill : oneSeries.values[step];
            double computed = ScalarArithmetic.apply(operator, leftValue, rightValue);
            if (filter && computed != 1) {
                continue;
            }
            Labels labels = resultLabels(signature, oneSeries.labels, matching, !filter && !delayed);
            boolean dropName = !filter && delayed;
            StepSeries out = output.computeIfAbsent(labels, key -> new StepSeries(key, dropName, steps));
            if (out.present[step]) {
                throw new PromlessException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
            }
            out.set(step, filter ? leftValue : computed);
        }
    }

    private static PromlessException duplicateOnOneSide(Labels signature, String side, StepSeries first, StepSeries second) {
        return new PromlessException(ErrorType.EXECUTION, "found duplicate series for the match group " + signature
                + " on the " + side + " hand-side of the operation: [" + first.labels + ", " + second.labels
                + "];many-to-many matching not allowed: matching labels must be unique on one side");
    }

    private static Labels resultLabels(Labels many, Labels one, VectorMatching matching, boolean dropName) {
        Labels.Builder builder = many.toBuilder();
        if (dropName) {
            MetricNames.drop(builder);
        }
        if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
            if (matching.on()) {
                Labels.Builder kept = Labels.builder();
                for (String name : matching.labels()) {
                    kept.set(name, builder.get(name));
                }
                return kept.build();
            }
            for (String name : matching.labels()) {
                builder.remove(name);
            }
            return builder.build();
        }
        for (String name : matching.include()) {
            builder.set(name, one.get(name));
        }
        return builder.build();
    }
}
