package io.promless.telemetry;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * The metrics a Promless process keeps about itself. Registration is checked (names, label
 * names, clashes) and thread-safe; metrics are then updated lock-free from any thread.
 * {@link #collect()} returns families sorted by name, as Prometheus clients expose them.
 */
public final class MetricRegistry {
    private static final Set<String> NO_RESERVED_LABELS = Set.of();
    private static final Set<String> HISTOGRAM_RESERVED_LABELS = Set.of(HistogramFamily.BUCKET_LABEL);
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    // Guarded by this: every sample name in use, to reject e.g. a gauge "x_count" beside histogram "x".
    private final Map<String, Collector> bySampleName = new TreeMap<>();
    private final Map<String, Collector> byFamilyName = new TreeMap<>();

    public Counter counter(String name, String help) {
        return counterFamily(name, help).labels();
    }

    public CounterFamily counterFamily(String name, String help, String... labelNames) {
        MetricNaming.checkCounterName(name);
        return register(new CounterFamily(name, checkHelp(help), labels(name, labelNames, NO_RESERVED_LABELS)), List.of(name));
    }

    public Gauge gauge(String name, String help) {
        return gaugeFamily(name, help).labels();
    }

    public GaugeFamily gaugeFamily(String name, String help, String... labelNames) {
        MetricNaming.checkMetricName(name);
        return register(new GaugeFamily(name, checkHelp(help), labels(name, labelNames, NO_RESERVED_LABELS)), List.of(name));
    }

    /** A histogram with Prometheus's default buckets (5 ms to 10 s), for durations in seconds. */
    public Histogram histogram(String name, String help) {
        return histogramFamily(name, help, Histogram.DEFAULT_BUCKETS).labels();
    }

    public Histogram histogram(String name, String help, List<Double> buckets) {
        return histogramFamily(name, help, buckets).labels();
    }

    public HistogramFamily histogramFamily(String name, String help, List<Double> buckets, String... labelNames) {
        MetricNaming.checkMetricName(name);
        double[] bounds = Histogram.checkBuckets(name, buckets);
        List<String> sampleNames = HISTOGRAM_SUFFIXES.stream().map(suffix -> name + suffix).toList();
        List<String> allNames = new ArrayList<>(sampleNames);
        allNames.add(name);
        return register(
                new HistogramFamily(name, checkHelp(help), bounds, labels(name, labelNames, HISTOGRAM_RESERVED_LABELS)),
                allNames);
    }

    /** A counter read from {@code supplier} at each collection, e.g. {@code service::messagesFailed}. */
    public void counterCallback(String name, String help, DoubleSupplier supplier) {
        counterCallbacks(name, help).register(supplier);
    }

    /** A gauge read from {@code supplier} at each collection, e.g. {@code queue::depth}. */
    public void gaugeCallback(String name, String help, DoubleSupplier supplier) {
        gaugeCallbacks(name, help).register(supplier);
    }

    /** A labelled family of callback counters; add series with {@link CallbackFamily#register}. */
    public CallbackFamily counterCallbacks(String name, String help, String... labelNames) {
        MetricNaming.checkCounterName(name);
        return register(
                new CallbackFamily(name, checkHelp(help), MetricType.COUNTER, labels(name, labelNames, NO_RESERVED_LABELS)),
                List.of(name));
    }

    /** A labelled family of callback gauges; add series with {@link CallbackFamily#register}. */
    public CallbackFamily gaugeCallbacks(String name, String help, String... labelNames) {
        MetricNaming.checkMetricName(name);
        return register(
                new CallbackFamily(name, checkHelp(help), MetricType.GAUGE, labels(name, labelNames, NO_RESERVED_LABELS)),
                List.of(name));
    }

    /** The current values of every family, sorted by family name. */
    public List<MetricFamilySnapshot> collect() {
        List<Collector> collectors;
        synchronized (this) {
            collectors = new ArrayList<>(byFamilyName.values());
        }
        collectors.sort(Comparator.comparing(Collector::name));
        return collectors.stream().map(Collector::collect).toList();
    }

    /** Everything in the text format 0.0.4, ready to serve on /metrics with {@link TextFormat#CONTENT_TYPE}. */
    public String scrape() {
        return TextFormat.toText(collect());
    }

    private synchronized <C extends Collector> C register(C collector, List<String> sampleNames) {
        for (String sampleName : sampleNames) {
            Collector existing = bySampleName.get(sampleName);
            if (existing != null) {
                throw new IllegalArgumentException(
                        "metric " + collector.name() + " clashes with already registered metric " + existing.name() + " on name " + sampleName);
            }
        }
        for (String sampleName : sampleNames) {
            bySampleName.put(sampleName, collector);
        }
        byFamilyName.put(collector.name(), collector);
        return collector;
    }

    private static List<String> labels(String name, String[] labelNames, Set<String> reserved) {
        requireNonNull(labelNames, "labelNames is null");
        return MetricNaming.checkLabelNames(name, labelNames, reserved);
    }

    private static String checkHelp(String help) {
        requireNonNull(help, "help is null");
        if (help.isBlank()) {
            throw new IllegalArgumentException("help text is empty; say what the metric counts");
        }
        return help;
    }
}
