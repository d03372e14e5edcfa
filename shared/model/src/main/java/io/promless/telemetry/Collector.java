package io.promless.telemetry;

/** A registered metric family that can report its current values. */
interface Collector {
    String name();

    MetricFamilySnapshot collect();
}
