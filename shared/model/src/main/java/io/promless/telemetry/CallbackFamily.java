package io.promless.telemetry;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricType;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A counter or gauge family whose values are read from suppliers at collection time, such as
 * the {@code long messagesFailed()} getters that components back with {@code LongAdder}.
 */
public final class CallbackFamily implements Collector {
    private static final System.Logger LOG = System.getLogger(CallbackFamily.class.getName());

    private final String name;
    private final String help;
    private final MetricType type;
    private final LabelledChildren<DoubleSupplier> children;

    CallbackFamily(String name, String help, MetricType type, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.type = type;
        this.children = new LabelledChildren<>(name, labelNames, () -> {
            throw new IllegalStateException("callback series are only added through register");
        });
    }

    /** Adds one series read from {@code supplier}; each label-value tuple may be registered once. */
    public CallbackFamily register(DoubleSupplier supplier, String... labelValues) {
        requireNonNull(supplier, "supplier is null");
        children.addNew(supplier, labelValues);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MetricFamilySnapshot collect() {
        List<MetricSample> samples = new ArrayList<>();
        for (Map.Entry<List<String>, DoubleSupplier> entry : children.sortedEntries()) {
            double value;
            try {
                value = entry.getValue().getAsDouble();
            } catch (RuntimeException e) {
                // One broken getter must not take the whole /metrics page down: skip its line.
                LOG.log(Level.WARNING, "metric " + name + entry.getKey() + " could not be read, left out: " + e);
                continue;
            }
            samples.add(new MetricSample(name, children.labelNames(), entry.getKey(), value));
        }
        return new MetricFamilySnapshot(name, help, type, samples);
    }
}
