package io.promless.ingest;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import io.promless.remote.RemoteTimeSeries;
import io.promless.remote.RemoteWriteRequest;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies Prometheus's rules for received remote-write series. A series is rejected (with all
 * its samples) when a label is not valid UTF-8, a label name is invalid under Prometheus 3's
 * UTF-8 rules, a label name repeats, or the metric name is missing or empty: Prometheus's
 * receiver skips such series and keeps the rest of the request. Labels are sorted and labels
 * with empty values dropped. Samples are sorted by timestamp; an exact repeat (same timestamp,
 * same value bits) is dropped, and a different value for a timestamp already seen is rejected,
 * the first one winning as in Prometheus's head. Values are never altered: NaN, infinities
 * and the stale-marker NaN keep their bits. The same label set appearing twice in one request
 * is merged into one series. Stateless and thread-safe.
 */
public final class SeriesValidator {
    /** How many rejection reasons a result keeps for logging; counts include every rejection. */
    static final int MAX_REASONS = 5;

    private SeriesValidator() {}

    public static ValidatedRequest validate(RemoteWriteRequest request) {
        requireNonNull(request, "request is null");
        Map<Labels, Integer> indexByLabels = HashMap.newHashMap(request.timeseries().size());
        List<Labels> labelsInOrder = new ArrayList<>();
        List<long[]> timestamps = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int seriesRejected = 0;
        long samplesRejected = 0;
        for (RemoteTimeSeries wire : request.timeseries()) {
            LabelsOrReason checked = labels(wire);
            if (checked.reason() != null) {
                seriesRejected++;
                samplesRejected += wire.sampleCount();
                if (reasons.size() < MAX_REASONS) {
                    reasons.add(checked.reason() + ": " + render(wire));
                }
                continue;
            }
            if (wire.sampleCount() == 0) {
                continue;
            }
            // Keyed by Labels#hash(), which the head needs anyway and Labels caches (decoded labels reuse theirs).
            Integer index = indexByLabels.putIfAbsent(checked.labels(), labelsInOrder.size());
            if (index == null) {
                labelsInOrder.add(checked.labels());
                timestamps.add(wire.timestamps());
                values.add(wire.values());
            } else {
                timestamps.set(index, concat(timestamps.get(index), wire.timestamps()));
                values.set(index, concat(values.get(index), wire.values()));
            }
        }
        List<Series> series = new ArrayList<>(labelsInOrder.size());
        long samples = 0;
        long duplicates = 0;
        for (int i = 0; i < labelsInOrder.size(); i++) {
            SortedSamples sorted = sortSamples(timestamps.get(i), values.get(i));
            series.add(new Series(labelsInOrder.get(i), sorted.timestamps(), sorted.values()));
            samples += sorted.timestamps().length;
            duplicates += sorted.duplicates();
            samplesRejected += sorted.conflicts();
        }
        return new ValidatedRequest(series, samples, seriesRejected, samplesRejected, duplicates, reasons);
    }

    private record LabelsOrReason(Labels labels, String reason) {}

    private static LabelsOrReason labels(RemoteTimeSeries wire) {
        if (wire.validLabels() != null) {
            // The decoder found them already valid, sorted and complete (and reuses them across requests).
            return new LabelsOrReason(wire.validLabels(), null);
        }
        if (!wire.labelsValidUtf8()) {
            return new LabelsOrReason(null, "label name or value is not valid UTF-8");
        }
        String[] names = wire.labelNames();
        String[] values = wire.labelValues();
        if (!isStrictlyAscending(names)) {
            Integer[] order = new Integer[names.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            String[] unsortedNames = names;
            Arrays.sort(order, Comparator.comparing(i -> unsortedNames[i]));
            String[] sortedNames = new String[names.length];
            String[] sortedValues = new String[names.length];
            for (int i = 0; i < order.length; i++) {
                sortedNames[i] = names[order[i]];
                sortedValues[i] = values[order[i]];
            }
            names = sortedNames;
            values = sortedValues;
            for (int i = 1; i < names.length; i++) {
                if (names[i].equals(names[i - 1])) {
                    return new LabelsOrReason(null, "duplicate label name \"" + names[i] + "\"");
                }
            }
        }
        int nonEmpty = 0;
        boolean hasMetricName = false;
        for (int i = 0; i < names.length; i++) {
            if (!LabelNames.isValidName(names[i])) {
                return new LabelsOrReason(null, "invalid label name \"" + names[i] + "\"");
            }
            if (names[i].equals(Labels.METRIC_NAME)) {
                hasMetricName = !values[i].isEmpty();
            }
            if (!values[i].isEmpty()) {
                nonEmpty++;
            }
        }
        if (!hasMetricName) {
            return new LabelsOrReason(null, "missing metric name");
        }
        if (nonEmpty < names.length) {
            String[] keptNames = new String[nonEmpty];
            String[] keptValues = new String[nonEmpty];
            int kept = 0;
            for (int i = 0; i < names.length; i++) {
                if (!values[i].isEmpty()) {
                    keptNames[kept] = names[i];
                    keptValues[kept] = values[i];
                    kept++;
                }
            }
            names = keptNames;
            values = keptValues;
        }
        return new LabelsOrReason(Labels.ofSorted(names, values), null);
    }

    private static boolean isStrictlyAscending(String[] names) {
        for (int i = 1; i < names.length; i++) {
            if (names[i - 1].compareTo(names[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    private record SortedSamples(long[] timestamps, double[] values, long duplicates, long conflicts) {}

    private static SortedSamples sortSamples(long[] timestamps, double[] values) {
        boolean ascending = true;
        for (int i = 1; i < timestamps.length; i++) {
            if (timestamps[i] <= timestamps[i - 1]) {
                ascending = false;
                break;
            }
        }
        if (ascending) {
            return new SortedSamples(timestamps, values, 0, 0);
        }
        // Rare path: a stable sort keeps the first-sent value of a timestamp first.
        Integer[] order = new Integer[timestamps.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> timestamps[i]));
        long[] sortedTimestamps = new long[timestamps.length];
        double[] sortedValues = new double[timestamps.length];
        int size = 0;
        long duplicates = 0;
        long conflicts = 0;
        for (int index : order) {
            if (size > 0 && sortedTimestamps[size - 1] == timestamps[index]) {
                if (Double.doubleToRawLongBits(sortedValues[size - 1]) == Double.doubleToRawLongBits(values[index])) {
                    duplicates++;
                } else {
                    conflicts++;
                }
                continue;
            }
            sortedTimestamps[size] = timestamps[index];
            sortedValues[size] = values[index];
            size++;
        }
        return new SortedSamples(
                Arrays.copyOf(sortedTimestamps, size), Arrays.copyOf(sortedValues, size), duplicates, conflicts);
    }

    private static long[] concat(long[] first, long[] second) {
        long[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static double[] concat(double[] first, double[] second) {
        double[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    /** The wire labels as sent, for log lines. */
    private static String render(RemoteTimeSeries wire) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < wire.labelCount(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(wire.labelNames()[i]).append("=\"");
            LabelNames.appendEscaped(out, wire.labelValues()[i]);
            out.append('"');
        }
        return out.append('}').toString();
    }
}
