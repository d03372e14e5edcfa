package io.promless.promql.engine;

import io.promless.model.labels.Labels;

/**
 * Removing a series' metric name: Prometheus 3 drops the {@code __type__} and {@code __unit__}
 * labels together with {@code __name__}, since they describe the metric the name identifies.
 */
final class MetricNames {
    static final String TYPE_LABEL = "__type__";
    static final String UNIT_LABEL = "__unit__";

    private MetricNames() {}

    static Labels drop(Labels labels) {
        if (!labels.has(Labels.METRIC_NAME) && !labels.has(TYPE_LABEL) && !labels.has(UNIT_LABEL)) {
            return labels;
        }
        return drop(labels.toBuilder()).build();
    }

    static Labels.Builder drop(Labels.Builder builder) {
        return builder.remove(Labels.METRIC_NAME).remove(TYPE_LABEL).remove(UNIT_LABEL);
    }
}
