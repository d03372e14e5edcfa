package io.promless.telemetry;

import io.promless.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Histograms that share a name and buckets and differ by label values. */
public final class HistogramFamily implements Collector {
    static final String BUCKET_LABEL = "le";

    private final String name;
    private final String help;
    private final LabelledChildren<Histogram> children;

    HistogramFamily(String name, String help, double[] upperBounds, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.children = new LabelledChildren<>(name, labelNames, () -> new Histogram(upperBounds));
    }

    /** The histogram for these label values (in the order the label names were declared). */
    public Histogram labels(String... labelValues) {
        return children.child(labelValues);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MetricFamilySnapshot collect() {
        List<String> labelNames = children.labelNames();
        List<String> bucketLabelNames = new ArrayList<>(labelNames);
        bucketLabelNames.add(BUCKET_LABEL);
        List<MetricSample> samples = new ArrayList<>();
        for (Map.Entry<List<String>, Histogram> entry : children.sortedEntries()) {
            Histogram histogram = entry.getValue();
            List<String> labelValues = entry.getKey();
            double[] upperBounds = histogram.upperBounds();
            long[] cumulative = histogram.cumulativeCounts();
            for (int i = 0; i < cumulative.length; i++) {
                double bound = i < upperBounds.length ? upperBounds[i] : Double.POSITIVE_INFINITY;
                List<String> bucketLabelValues = new ArrayList<>(labelValues);
                bucketLabelValues.add(TextFormat.formatValue(bound));
                samples.add(new MetricSample(name + "_bucket", bucketLabelNames, bucketLabelValues, cumulative[i]));
            }
            samples.add(new MetricSample(name + "_sum", labelNames, labelValues, histogram.sum()));
            // _count equals the +Inf bucket of the same snapshot, as Prometheus requires.
            samples.add(new MetricSample(name + "_count", labelNames, labelValues, cumulative[cumulative.length - 1]));
        }
        return new MetricFamilySnapshot(name, help, MetricType.HISTOGRAM, samples);
    }
}
