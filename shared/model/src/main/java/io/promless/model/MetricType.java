package io.promless.model;

import java.util.Locale;

/** Metric family types of the exposition formats and remote-write metadata. */
public enum MetricType {
    UNKNOWN,
    COUNTER,
    GAUGE,
    HISTOGRAM,
    GAUGEHISTOGRAM,
    SUMMARY,
    INFO,
    STATESET;

    /** The lower-case name used by exposition formats and the metadata API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
