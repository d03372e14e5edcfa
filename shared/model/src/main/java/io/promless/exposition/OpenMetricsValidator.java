package io.promless.exposition;

import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of OpenMetrics 1.0 beyond its grammar, checked line by line in body order: metric
 * families are unique, not interleaved, and their sample names do not clash; metadata comes once
 * per kind and before the family's samples; units suit the name and type; every sample suits its
 * family's type (suffix, required labels, allowed values); metrics and metric points are not
 * interleaved and their timestamps do not decrease; histogram points have ordered, cumulative
 * buckets ending in +Inf with matching counts and sums; exemplars sit only where allowed.
 * One instance per parse; not thread-safe.
 */
final class OpenMetricsValidator {
    private static final int EXEMPLAR_LABEL_LIMIT = 128;

    private final TextScanner scanner;
    private final Set<String> familyNames = new HashSet<>();
    /** Every sample name a closed family may expose, mapped to that family. */
    private final Map<String, String> claimedSampleNames = new HashMap<>();
    private Family family;

    OpenMetricsValidator(TextScanner scanner) {
        this.scanner = scanner;
    }

    /** The metric family a sample or metadata line belongs to, and its progress. */
    private static final class Family {
        final String name;
        MetricType type = MetricType.UNKNOWN;
        Set<SampleKind> allowed = SampleKind.allowedFor(MetricType.UNKNOWN);
        boolean typeSeen;
        boolean helpSeen;
        boolean unitSeen;
        String unit = "";
        boolean hasSamples;
        /** Label pairs (without name and the point label) of the metric being read, or null. */
        String[] metricKey;
        final Set<List<String>> finishedMetrics = new HashSet<>();
        boolean lastHadTimestamp;
        double lastTimestamp;
        final HistogramPoint point = new HistogramPoint();

        Family(String name) {
            this.name = name;
        }

        /** The label that tells samples of one metric point apart rather than metrics. */
        String pointLabel() {
            return switch (type) {
                case HISTOGRAM, GAUGEHISTOGRAM -> "le";
                case SUMMARY -> "quantile";
                case STATESET -> name;
                case COUNTER, GAUGE, INFO, UNKNOWN -> null;
            };
        }
    }

    /** The buckets, count and sum of the histogram metric point being read. */
    private static final class HistogramPoint {
        boolean started;
        int firstLine;
        boolean hasBucket;
        double lastBound;
        double lastBucketValue;
        boolean hasInfinity;
        double infinityValue;
        boolean negativeBound;
        boolean hasCount;
        double count;
        boolean hasSum;
        boolean negativeSum;

        void reset() {
            started = false;
            hasBucket = false;
            hasInfinity = false;
            negativeBound = false;
            hasCount = false;
            hasSum = false;
            negativeSum = false;
            lastBucketValue = 0;
        }
    }

    void type(String name, MetricType type, int at) throws ExpositionException {
        Family target = familyForMetadata(name, "TYPE", at);
        if (target.typeSeen) {
            throw scanner.error(at, "second TYPE line for metric family \"" + name + "\"");
        }
        target.typeSeen = true;
        target.type = type;
        target.allowed = SampleKind.allowedFor(type);
        checkUnitForType(target, at);
    }

    void help(String name, int at) throws ExpositionException {
        Family target = familyForMetadata(name, "HELP", at);
        if (target.helpSeen) {
            throw scanner.error(at, "second HELP line for metric family \"" + name + "\"");
        }
        target.helpSeen = true;
    }

    void unit(String name, String unit, int at) throws ExpositionException {
        Family target = familyForMetadata(name, "UNIT", at);
        if (target.unitSeen) {
            throw scanner.error(at, "second UNIT line for metric family \"" + name + "\"");
        }
        target.unitSeen = true;
        target.unit = unit;
        checkUnitForType(target, at);
    }

    private void checkUnitForType(Family target, int at) throws ExpositionException {
        if (!target.unit.isEmpty() && (target.type == MetricType.INFO || target.type == MetricType.STATESET)) {
            throw scanner.error(at, target.type.wireName() + " metric family \"" + target.name + "\" must not have a unit");
        }
    }

    private Family familyForMetadata(String name, String keyword, int at) throws ExpositionException {
        if (family != null && family.name.equals(name)) {
            if (family.hasSamples) {
                throw scanner.error(at, keyword + " line for metric family \"" + name + "\" after its samples");
            }
            return family;
        }
        startFamily(name, at);
        return family;
    }

    private void startFamily(String name, int at) throws ExpositionException {
        closeFamily(at);
        if (!familyNames.add(name)) {
            throw scanner.error(at, "metric family \"" + name + "\" appears twice (families must not be interleaved or repeated)");
        }
        family = new Family(name);
    }

    private void closeFamily(int at) throws ExpositionException {
        if (family == null) {
            return;
        }
        finishPoint(at);
        for (SampleKind kind : family.allowed) {
            String sampleName = family.name + kind.suffix();
            String owner = claimedSampleNames.putIfAbsent(sampleName, family.name);
            if (owner != null && !owner.equals(family.name)) {
                throw scanner.error(at, "metric family \"" + family.name + "\" clashes with metric family \"" + owner
                        + "\": both may expose samples named \"" + sampleName + "\"");
            }
        }
        family = null;
    }

    /** Checks the end of the exposition. */
    void finish(int at) throws ExpositionException {
        closeFamily(at);
    }

    /**
     * Checks one sample; {@code labels} is sorted, raw (before any normalization) and free of
     * duplicates. Returns the type of the family the sample belongs to.
     */
    MetricType sample(String sampleName, LabelSetBuilder labels, double value, boolean hasTimestamp,
            double timestampSeconds, boolean hasExemplar, double exemplarValue, int exemplarCodePoints, int at)
            throws ExpositionException {
        SampleKind kind = family == null ? null : SampleKind.of(sampleName, family.name, family.allowed);
        if (kind == null) {
            startFamily(sampleName, at);
            kind = SampleKind.VALUE;
        }
        family.hasSamples = true;
        trackMetric(labels, hasTimestamp, timestampSeconds, at);
        checkValue(kind, labels, value, at);
        if (hasExemplar) {
            checkExemplar(kind, labels, exemplarValue, exemplarCodePoints, at);
        }
        return family.type;
    }

    private void trackMetric(LabelSetBuilder labels, boolean hasTimestamp, double timestamp, int at)
            throws ExpositionException {
        String pointLabel = family.pointLabel();
        if (family.metricKey == null || !sameMetric(family.metricKey, labels, pointLabel)) {
            finishPoint(at);
            if (family.metricKey != null) {
                family.finishedMetrics.add(List.of(family.metricKey));
            }
            family.metricKey = metricKey(labels, pointLabel);
            if (family.finishedMetrics.contains(List.of(family.metricKey))) {
                throw scanner.error(at, "metric " + describeKey(family.metricKey) + " of family \"" + family.name
                        + "\" appears again after other metrics (metrics must not be interleaved)");
            }
        } else {
            if (hasTimestamp != family.lastHadTimestamp) {
                throw scanner.error(at, "samples of one metric must all have timestamps or all have none");
            }
            if (hasTimestamp && timestamp < family.lastTimestamp) {
                throw scanner.error(at, "timestamps of a metric must not decrease (metric points must not be interleaved)");
            }
            if (hasTimestamp && timestamp != family.lastTimestamp) {
                finishPoint(at);
            }
        }
        family.lastHadTimestamp = hasTimestamp;
        family.lastTimestamp = timestamp;
    }

    private static boolean sameMetric(String[] key, LabelSetBuilder labels, String pointLabel) {
        int k = 0;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (name.equals(Labels.METRIC_NAME) || name.equals(pointLabel)) {
                continue;
            }
            if (k + 1 >= key.length || !key[k].equals(name) || !key[k + 1].equals(labels.value(i))) {
                return false;
            }
            k += 2;
        }
        return k == key.length;
    }

    private static String[] metricKey(LabelSetBuilder labels, String pointLabel) {
        List<String> pairs = new ArrayList<>(labels.size() * 2);
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (!name.equals(Labels.METRIC_NAME) && !name.equals(pointLabel)) {
                pairs.add(name);
                pairs.add(labels.value(i));
            }
        }
        return pairs.toArray(new String[0]);
    }

    private static String describeKey(String[] key) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < key.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(key[i]).append("=\"").append(key[i + 1]).append('"');
        }
        return out.append('}').toString();
    }

    private void checkValue(SampleKind kind, LabelSetBuilder labels, double value, int at) throws ExpositionException {
        MetricType type = family.type;
        switch (type) {
            case COUNTER -> {
                if (kind == SampleKind.TOTAL) {
                    requireNonNegative(value, "counter _total", at);
                }
            }
            case GAUGE, UNKNOWN -> {
                // Any value.
            }
            case STATESET -> {
                if (labels.get(family.name) == null) {
                    throw scanner.error(at, "stateset sample needs a label named after its family \"" + family.name + "\"");
                }
                if (value != 0 && value != 1) {
                    throw scanner.error(at, "stateset sample value must be 0 or 1");
                }
            }
            case INFO -> {
                if (value != 1) {
                    throw scanner.error(at, "info sample value must be 1");
                }
            }
            case SUMMARY -> summaryValue(kind, labels, value, at);
            case HISTOGRAM, GAUGEHISTOGRAM -> histogramValue(kind, labels, value, at);
        }
    }

    private void summaryValue(SampleKind kind, LabelSetBuilder labels, double value, int at) throws ExpositionException {
        String quantile = labels.get("quantile");
        if (kind != SampleKind.VALUE) {
            if (quantile != null) {
                throw scanner.error(at, "summary " + kind.suffix() + " sample must not have a quantile label");
            }
            switch (kind) {
                case SUM -> requireNonNegative(value, "summary _sum", at);
                case COUNT -> requireCount(value, "summary _count", at);
                case CREATED, VALUE, TOTAL, BUCKET, GCOUNT, GSUM, INFO -> {
                    // _created: any value; the others are not summary samples.
                }
            }
            return;
        }
        if (quantile == null) {
            throw scanner.error(at, "summary quantile sample needs a quantile label");
        }
        double q = bound(quantile, "quantile", at);
        if (!(q >= 0 && q <= 1)) {
            throw scanner.error(at, "quantile \"" + quantile + "\" must be between 0 and 1");
        }
        if (value < 0) {
            throw scanner.error(at, "summary quantile value must not be negative");
        }
    }

    private void histogramValue(SampleKind kind, LabelSetBuilder labels, double value, int at) throws ExpositionException {
        HistogramPoint point = family.point;
        if (!point.started) {
            point.started = true;
            point.firstLine = at;
        }
        String le = labels.get("le");
        if (kind != SampleKind.BUCKET) {
            if (le != null) {
                throw scanner.error(at, family.type.wireName() + " " + kind.suffix() + " sample must not have an le label");
            }
        }
        switch (kind) {
            case BUCKET -> {
                if (le == null) {
                    throw scanner.error(at, "bucket sample needs an le label");
                }
                double bound = bound(le, "le", at);
                if (point.hasBucket && bound <= point.lastBound) {
                    throw scanner.error(at, "buckets must be sorted by increasing le without repeats");
                }
                requireCount(value, "bucket", at);
                if (point.hasBucket && value < point.lastBucketValue) {
                    throw scanner.error(at, "bucket values must not decrease as le increases (buckets are cumulative)");
                }
                point.hasBucket = true;
                point.lastBound = bound;
                point.lastBucketValue = value;
                if (bound < 0) {
                    point.negativeBound = true;
                }
                if (bound == Double.POSITIVE_INFINITY) {
                    point.hasInfinity = true;
                    point.infinityValue = value;
                }
            }
            case COUNT, GCOUNT -> {
                requireCount(value, kind.suffix(), at);
                point.hasCount = true;
                point.count = value;
            }
            case SUM -> {
                requireNonNegative(value, "histogram _sum", at);
                point.hasSum = true;
            }
            case GSUM -> {
                if (Double.isNaN(value)) {
                    throw scanner.error(at, "gaugehistogram _gsum must not be NaN");
                }
                point.hasSum = true;
                point.negativeSum |= value < 0;
            }
            case VALUE, TOTAL, CREATED, INFO -> {
                // _created: any value; the others are not histogram samples.
            }
        }
    }

    private void finishPoint(int at) throws ExpositionException {
        if (family == null) {
            return;
        }
        HistogramPoint point = family.point;
        if (!point.started) {
            return;
        }
        boolean gauge = family.type == MetricType.GAUGEHISTOGRAM;
        String count = gauge ? "_gcount" : "_count";
        String sum = gauge ? "_gsum" : "_sum";
        int line = point.firstLine;
        if (!point.hasInfinity) {
            throw scanner.error(line, family.type.wireName() + " point of \"" + family.name + "\" has no le=\"+Inf\" bucket");
        }
        if (point.hasCount != point.hasSum) {
            throw scanner.error(line, family.type.wireName() + " point of \"" + family.name + "\" must have both "
                    + count + " and " + sum + " or neither");
        }
        if (point.hasCount && point.count != point.infinityValue) {
            throw scanner.error(line, count + " of \"" + family.name + "\" must equal its +Inf bucket");
        }
        if (!gauge && point.negativeBound && point.hasSum) {
            throw scanner.error(line, "histogram point of \"" + family.name + "\" with negative buckets must not have _sum");
        }
        if (gauge && point.negativeSum && !point.negativeBound) {
            throw scanner.error(line, "_gsum of \"" + family.name + "\" may be negative only when it has negative buckets");
        }
        point.reset();
    }

    private void checkExemplar(SampleKind kind, LabelSetBuilder labels, double exemplarValue, int codePoints, int at)
            throws ExpositionException {
        boolean allowed = (family.type == MetricType.COUNTER && kind == SampleKind.TOTAL)
                || ((family.type == MetricType.HISTOGRAM || family.type == MetricType.GAUGEHISTOGRAM)
                        && kind == SampleKind.BUCKET);
        if (!allowed) {
            throw scanner.error(at, "exemplars are allowed only on counter _total and histogram _bucket samples");
        }
        if (codePoints > EXEMPLAR_LABEL_LIMIT) {
            throw scanner.error(at, "exemplar label names and values have " + codePoints
                    + " code points, more than the limit of " + EXEMPLAR_LABEL_LIMIT);
        }
        if (kind == SampleKind.BUCKET) {
            double bound = bound(labels.get("le"), "le", at);
            if (!(exemplarValue <= bound)) {
                throw scanner.error(at, "exemplar value is not within its bucket (le=\"" + labels.get("le") + "\")");
            }
        }
    }

    /** An le or quantile value: a number, not NaN; infinities only as +Inf and -Inf. */
    private double bound(String text, String labelName, int at) throws ExpositionException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        double parsed;
        try {
            parsed = Numbers.parseFloat(bytes, 0, bytes.length);
        } catch (Numbers.InvalidNumberException e) {
            throw scanner.error(at, labelName + " value \"" + text + "\" is not a number");
        }
        if (Double.isNaN(parsed)) {
            throw scanner.error(at, labelName + " value must not be NaN");
        }
        if (Double.isInfinite(parsed) && !text.equals("+Inf") && !text.equals("-Inf")) {
            throw scanner.error(at, labelName + " value \"" + text + "\" must be written +Inf or -Inf");
        }
        return parsed;
    }

    private void requireNonNegative(double value, String what, int at) throws ExpositionException {
        if (Double.isNaN(value) || value < 0) {
            throw scanner.error(at, what + " must not be NaN or negative");
        }
    }

    private void requireCount(double value, String what, int at) throws ExpositionException {
        if (Double.isNaN(value) || value < 0 || Double.isInfinite(value) || value != Math.rint(value)) {
            throw scanner.error(at, what + " value must be a non-negative integer");
        }
    }
}
