package io.promless.rules.file;

import io.promless.model.labels.LabelNames;

/** Which label and annotation names a rule file may use: any UTF-8 name (Prometheus 3) or the legacy set. */
public enum NameValidation {
    UTF8,
    LEGACY;

    boolean isValidLabelName(String name) {
        return switch (this) {
            case UTF8 -> LabelNames.isValidName(name);
            case LEGACY -> LabelNames.isLegacyLabelName(name);
        };
    }

    boolean isValidMetricName(String name) {
        return switch (this) {
            case UTF8 -> LabelNames.isValidName(name);
            case LEGACY -> LabelNames.isLegacyMetricName(name);
        };
    }
}
