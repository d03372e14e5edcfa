package io.promless.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The children of a labelled family, one per distinct label-value tuple, created on first use. */
final class LabelledChildren<C> {
    private static final Comparator<List<String>> BY_VALUES = (left, right) -> {
        for (int i = 0; i < left.size(); i++) {
            int order = left.get(i).compareTo(right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    };

    private final String metricName;
    private final List<String> labelNames;
    private final Supplier<C> factory;
    private final Map<List<String>, C> children = new ConcurrentHashMap<>();

    LabelledChildren(String metricName, List<String> labelNames, Supplier<C> factory) {
        this.metricName = metricName;
        this.labelNames = labelNames;
        this.factory = factory;
    }

    C child(String... labelValues) {
        return children.computeIfAbsent(checkValues(labelValues), values -> factory.get());
    }

    /** Adds a child that must not exist yet (callbacks: two suppliers for one series would be ambiguous). */
    void addNew(C child, String... labelValues) {
        List<String> values = checkValues(labelValues);
        if (children.putIfAbsent(values, child) != null) {
            throw new IllegalArgumentException("metric " + metricName + " already has a series with labels " + values);
        }
    }

    List<String> labelNames() {
        return labelNames;
    }

    /** Children sorted by label values, so the exposition is stable between scrapes. */
    List<Map.Entry<List<String>, C>> sortedEntries() {
        List<Map.Entry<List<String>, C>> entries = new ArrayList<>(children.entrySet());
        entries.sort(Map.Entry.comparingByKey(BY_VALUES));
        return entries;
    }

    private List<String> checkValues(String[] labelValues) {
        requireNonNull(labelValues, "labelValues is null");
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException("metric " + metricName + " has labels " + labelNames
                    + " but got " + labelValues.length + " values");
        }
        for (String value : labelValues) {
            requireNonNull(value, () -> "metric " + metricName + ": a label value is null");
        }
        return List.of(labelValues);
    }
}
