package io.promless.telemetry;

import io.promless.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/** Children of one value each (counters or gauges) that share a name and differ by label values. */
abstract class SingleValueFamily<T> implements Collector {
    private final String name;
    private final String help;
    private final MetricType type;
    private final LabelledChildren<T> children;
    private final ToDoubleFunction<T> valueOf;

    SingleValueFamily(String name, String help, MetricType type, List<String> labelNames,
            Supplier<T> newChild, ToDoubleFunction<T> valueOf) {
        this.name = name;
        this.help = help;
        this.type = type;
        this.children = new LabelledChildren<>(name, labelNames, newChild);
        this.valueOf = valueOf;
    }

    /** The child for these label values (in the order the label names were declared). */
    public T labels(String... labelValues) {
        return children.child(labelValues);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MetricFamilySnapshot collect() {
        List<MetricSample> samples = new ArrayList<>();
        for (Map.Entry<List<String>, T> entry : children.sortedEntries()) {
            samples.add(new MetricSample(name, children.labelNames(), entry.getKey(), valueOf.applyAsDouble(entry.getValue())));
        }
        return new MetricFamilySnapshot(name, help, type, samples);
    }
}
