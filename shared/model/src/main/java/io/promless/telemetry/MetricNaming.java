package io.promless.telemetry;

import io.promless.model.labels.LabelNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks names when a metric is registered, so a typo fails at start-up, not on a scrape. */
final class MetricNaming {
    private MetricNaming() {}

    static void checkMetricName(String name) {
        if (!LabelNames.isLegacyMetricName(name)) {
            throw new IllegalArgumentException("invalid metric name \"" + name + "\": use [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
    }

    static void checkCounterName(String name) {
        checkMetricName(name);
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name \"" + name + "\" must end in _total (Prometheus convention)");
        }
    }

    static List<String> checkLabelNames(String metricName, String[] labelNames, Set<String> reserved) {
        Set<String> seen = new HashSet<>();
        for (String labelName : labelNames) {
            if (!LabelNames.isLegacyLabelName(labelName) || labelName.startsWith("__")) {
                throw new IllegalArgumentException(
                        "metric " + metricName + ": invalid label name \"" + labelName + "\": use [a-zA-Z_][a-zA-Z0-9_]* without a leading __");
            }
            if (reserved.contains(labelName)) {
                throw new IllegalArgumentException("metric " + metricName + ": label name \"" + labelName + "\" is reserved");
            }
            if (!seen.add(labelName)) {
                throw new IllegalArgumentException("metric " + metricName + ": duplicate label name \"" + labelName + "\"");
            }
        }
        return List.of(labelNames);
    }
}
