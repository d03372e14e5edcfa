package io.promless.differential;

/** The OpenMetrics type of a generated metric family. */
public enum FamilyType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram");

    private final String openMetricsName;

    FamilyType(String openMetricsName) {
        this.openMetricsName = openMetricsName;
    }

    /** The word after the family name in a {@code # TYPE} line. */
    public String openMetricsName() {
        return openMetricsName;
    }
}
