package io.promless.telemetry;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricType;
import java.util.List;

/** The values of one metric family at the moment it was collected. */
public record MetricFamilySnapshot(String name, String help, MetricType type, List<MetricSample> samples) {
    public MetricFamilySnapshot {
        requireNonNull(name, "name is null");
        requireNonNull(help, "help is null");
        requireNonNull(type, "type is null");
        samples = List.copyOf(requireNonNull(samples, "samples is null"));
    }
}
