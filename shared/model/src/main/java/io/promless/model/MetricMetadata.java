package io.promless.model;

import static java.util.Objects.requireNonNull;

/** HELP/TYPE/UNIT of a metric family, as exposed by a target or sent in remote write. */
public record MetricMetadata(String metricFamilyName, MetricType type, String help, String unit) {
    public MetricMetadata {
        requireNonNull(metricFamilyName, "metricFamilyName is null");
        requireNonNull(type, "type is null");
        help = help == null ? "" : help;
        unit = unit == null ? "" : unit;
    }
}
