package io.promless.telemetry;

import io.promless.model.MetricType;
import java.util.List;

/** Counters that share a name and differ by label values, e.g. requests by handler and code. */
public final class CounterFamily extends SingleValueFamily<Counter> {
    CounterFamily(String name, String help, List<String> labelNames) {
        super(name, help, MetricType.COUNTER, labelNames, Counter::new, Counter::value);
    }
}
