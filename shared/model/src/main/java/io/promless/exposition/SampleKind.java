package io.promless.exposition;

import io.promless.model.MetricType;
import java.util.EnumSet;
import java.util.Set;

/** The role a sample line plays in its OpenMetrics family, told by its name's suffix. */
enum SampleKind {
    VALUE(""),
    TOTAL("_total"),
    CREATED("_created"),
    COUNT("_count"),
    SUM("_sum"),
    BUCKET("_bucket"),
    GCOUNT("_gcount"),
    GSUM("_gsum"),
    INFO("_info");

    private final String suffix;

    SampleKind(String suffix) {
        this.suffix = suffix;
    }

    String suffix() {
        return suffix;
    }

    /** The suffixes a family of this type exposes its samples under (OpenMetrics 1.0). */
    static Set<SampleKind> allowedFor(MetricType type) {
        return switch (type) {
            case COUNTER -> EnumSet.of(TOTAL, CREATED);
            case GAUGE, UNKNOWN, STATESET -> EnumSet.of(VALUE);
            case SUMMARY -> EnumSet.of(VALUE, COUNT, SUM, CREATED);
            case HISTOGRAM -> EnumSet.of(BUCKET, COUNT, SUM, CREATED);
            case GAUGEHISTOGRAM -> EnumSet.of(BUCKET, GCOUNT, GSUM);
            case INFO -> EnumSet.of(INFO);
        };
    }

    /** The kind of {@code sampleName} within the family, or null when it is not one of its samples. */
    static SampleKind of(String sampleName, String familyName, Set<SampleKind> allowed) {
        if (!sampleName.startsWith(familyName)) {
            return null;
        }
        int suffixLength = sampleName.length() - familyName.length();
        for (SampleKind kind : allowed) {
            if (kind.suffix.length() == suffixLength && sampleName.endsWith(kind.suffix)) {
                return kind;
            }
        }
        return null;
    }
}
