package io.promless.exposition;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;

/**
 * Gathers the HELP, TYPE and UNIT lines of one metric family and reports them to the handler as
 * one {@link MetricMetadata} when the family's metadata is complete: at its first sample, at
 * metadata for another name, at a repeated line of the same kind, or at the end of the body.
 */
final class MetadataCollector {
    private final ScrapeHandler handler;
    private String name;
    private MetricType type;
    private String help;
    private String unit;

    MetadataCollector(ScrapeHandler handler) {
        this.handler = handler;
    }

    void help(String familyName, String text) {
        prepare(familyName, help != null);
        help = text;
    }

    void type(String familyName, MetricType metricType) {
        prepare(familyName, type != null);
        type = metricType;
    }

    void unit(String familyName, String text) {
        prepare(familyName, unit != null);
        unit = text;
    }

    private void prepare(String familyName, boolean alreadySet) {
        if (name != null && (alreadySet || !name.equals(familyName))) {
            flush();
        }
        name = familyName;
    }

    /** Reports the pending family, if any. */
    void flush() {
        if (name == null) {
            return;
        }
        handler.metadata(new MetricMetadata(name, type == null ? MetricType.UNKNOWN : type, help, unit));
        name = null;
        type = null;
        help = null;
        unit = null;
    }
}
