package io.promless.telemetry;

import io.promless.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Counters that share a name and differ by label values, e.g. requests by handler and code. */
public final class CounterFamily implements Collector {
    private final String name;
    private final String help;
    private final LabelledChildren<Counter> children;

    CounterFamily(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.children = new LabelledChildren<>(name, labelNames, Counter::new);
    }

    /** The counter for these label values (in the order the label names were declared). */
    public Counter labels(String... labelValues) {
        return children.child(labelValues);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MetricFamilySnapshot collect() {
        List<MetricSample> samples = new ArrayList<>();
        for (Map.Entry<List<String>, Counter> entry : children.sortedEntries()) {
            samples.add(new MetricSample(name, children.labelNames(), entry.getKey(), entry.getValue().value()));
        }
        return new MetricFamilySnapshot(name, help, MetricType.COUNTER, samples);
    }
}
