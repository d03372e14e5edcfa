package io.promless.telemetry;

import io.promless.model.MetricType;
import java.util.List;

/** Gauges that share a name and differ by label values. */
public final class GaugeFamily extends SingleValueFamily<Gauge> {
    GaugeFamily(String name, String help, List<String> labelNames) {
        super(name, help, MetricType.GAUGE, labelNames, Gauge::new, Gauge::value);
    }
}
