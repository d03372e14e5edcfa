package io.promless.benchmarks;

import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic scrapes shaped like node_exporter output: per target a fixed set of series, one
 * sample per series per scrape, all series of a scrape sharing its timestamp. The value mix is
 * what real exporters show: counters that grow by small fractional or integer amounts, gauges
 * that wander, and many series that hold still (0/1 flags, sizes, info-style constants).
 */
final class ScrapeLikeData implements ScrapeSource {
    enum Kind { FRACTIONAL_COUNTER, INTEGER_COUNTER, WANDERING_GAUGE, CONSTANT }

    private final int targets;
    private final int seriesPerTarget;
    private final long intervalMillis;
    private final long startMillis;
    private final Labels[][] labels;
    private final Kind[][] kinds;
    private final double[][] current;
    private final SplittableRandom random = new SplittableRandom(42);

    ScrapeLikeData(int targets, int seriesPerTarget, long intervalMillis, long startMillis) {
        this.targets = targets;
        this.seriesPerTarget = seriesPerTarget;
        this.intervalMillis = intervalMillis;
        this.startMillis = startMillis;
        this.labels = new Labels[targets][seriesPerTarget];
        this.kinds = new Kind[targets][seriesPerTarget];
        this.current = new double[targets][seriesPerTarget];
        for (int target = 0; target < targets; target++) {
            for (int series = 0; series < seriesPerTarget; series++) {
                Kind kind = Kind.values()[series % Kind.values().length];
                kinds[target][series] = kind;
                labels[target][series] = Labels.of(
                        "__name__", metricName(kind, series),
                        "job", "node",
                        "instance", "host-" + target + ".example.org:9100",
                        "cpu", Integer.toString(series % 16),
                        "mode", "mode" + (series / 16) % 8);
                current[target][series] = switch (kind) {
                    case FRACTIONAL_COUNTER -> Math.round(random.nextDouble(1e3, 1e6) * 100) / 100.0;
                    case INTEGER_COUNTER -> random.nextLong(1, 1_000_000_000L);
                    case WANDERING_GAUGE -> random.nextLong(1L << 20, 1L << 34);
                    case CONSTANT -> random.nextInt(2);
                };
            }
        }
    }

    private static String metricName(Kind kind, int series) {
        String base = switch (kind) {
            case FRACTIONAL_COUNTER -> "node_cpu_seconds_total";
            case INTEGER_COUNTER -> "node_network_receive_bytes_total";
            case WANDERING_GAUGE -> "node_memory_bytes";
            case CONSTANT -> "node_flag";
        };
        return base + "_" + (series / 128);
    }

    @Override
    public int targets() {
        return targets;
    }

    int seriesPerTarget() {
        return seriesPerTarget;
    }

    /** One scrape of one target: its timestamp is jittered a little, as real scrapes are. */
    @Override
    public Scrape scrape(int target, int scrapeIndex) {
        long timestamp = startMillis + scrapeIndex * intervalMillis + target * 37L + random.nextInt(5);
        List<Labels> seriesLabels = new ArrayList<>(seriesPerTarget);
        double[] values = new double[seriesPerTarget];
        for (int series = 0; series < seriesPerTarget; series++) {
            double value = current[target][series];
            value = switch (kinds[target][series]) {
                case FRACTIONAL_COUNTER -> Math.round((value + random.nextInt(0, 6000) / 100.0) * 100) / 100.0;
                case INTEGER_COUNTER -> value + random.nextInt(0, 100_000);
                case WANDERING_GAUGE -> Math.max(0, value + random.nextInt(-4096, 4097) * 4096.0);
                case CONSTANT -> value;
            };
            current[target][series] = value;
            seriesLabels.add(labels[target][series]);
            values[series] = value;
        }
        return new Scrape(seriesLabels, timestamp, values);
    }
}
