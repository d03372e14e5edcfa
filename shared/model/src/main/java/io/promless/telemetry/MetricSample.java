package io.promless.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One line of exposition: a full sample name (a histogram's {@code _bucket}, {@code _sum} and
 * {@code _count} lines carry the suffix), label pairs in output order, and the value.
 */
public record MetricSample(String name, List<String> labelNames, List<String> labelValues, double value) {
    public MetricSample {
        requireNonNull(name, "name is null");
        labelNames = List.copyOf(requireNonNull(labelNames, "labelNames is null"));
        labelValues = List.copyOf(requireNonNull(labelValues, "labelValues is null"));
        if (labelNames.size() != labelValues.size()) {
            throw new IllegalArgumentException(
                    "sample " + name + " has " + labelNames.size() + " label names but " + labelValues.size() + " values");
        }
    }
}
