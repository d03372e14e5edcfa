package io.promless.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadStats;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Measures head bytes per sample for the data shapes in docs/head-format.md and holds them
 * under budgets, so a format change that bloats the head fails here. Prints the figures. It
 * lives beside the benchmarks to share their recorded node_exporter scrapes ({@link NodeExporterData}).
 */
class HeadSizeTest {
    private static final long START = 1_764_115_200_000L; // a bucket boundary (2025-11-26T00:00Z)
    private static final int SCRAPES_PER_BUCKET = 120; // 2 h at 60 s
    // Budgets a little above the measured figures (docs/head-format.md): a regression fails here.
    private static final double BUDGET_NODE_ONE_TARGET = 2.5;
    private static final double BUDGET_NODE_TEN_TARGETS = 2.7;
    private static final double BUDGET_SYNTHETIC = 5.7;
    private static final double BUDGET_REMOTE_WRITE = 3.8;
    private static final double BUDGET_NODE_GROUPED = 2.7;
    private static final long INTERVAL = 60_000;

    /** Scrape {@code k} of {@code target} as the head writer takes it: one series per sample. */
    private static List<Series> scrape(NodeExporterData data, int target, int k) {
        ScrapeSource.Scrape scrape = data.scrape(target, k);
        List<Series> series = new ArrayList<>(scrape.labels().size());
        for (int i = 0; i < scrape.labels().size(); i++) {
            series.add(new Series(scrape.labels().get(i), new long[] {scrape.timestamp()}, new double[] {scrape.values()[i]}));
        }
        return series;
    }

    @Test
    void oneNodeExporterScrapePerMessage() {
        NodeExporterData scrapes = new NodeExporterData(1, INTERVAL, START);
        InMemoryHeadStore store = new InMemoryHeadStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(store);
        for (int k = 0; k < SCRAPES_PER_BUCKET; k++) {
            writer.write("msg-" + k, scrape(scrapes, 0, k));
        }
        HeadStats stats = report("node_exporter, 1 target, 1 scrape per message", store);
        assertThat(stats.samples()).isEqualTo((long) scrapes.seriesPerTarget() * SCRAPES_PER_BUCKET);
        assertThat(stats.bytesPerSample()).isLessThan(BUDGET_NODE_ONE_TARGET);
    }

    @Test
    void oneNodeExporterScrapePerMessageWithMetricGroups() {
        NodeExporterData scrapes = new NodeExporterData(1, INTERVAL, START);
        InMemoryHeadStore store = new InMemoryHeadStore();
        HeadOptions options = HeadOptions.defaults().withMetricGroups(16);
        SegmentHeadWriter writer = new SegmentHeadWriter(store, options);
        for (int k = 0; k < SCRAPES_PER_BUCKET; k++) {
            writer.write("msg-" + k, scrape(scrapes, 0, k));
        }
        HeadStats stats = HeadStats.of(store, options, Long.MIN_VALUE, Long.MAX_VALUE);
        System.out.printf("head size [%s]: %s%n", "node_exporter, 1 target, 1 scrape per message, 16 metric groups", stats);
        assertThat(stats.samples()).isEqualTo((long) scrapes.seriesPerTarget() * SCRAPES_PER_BUCKET);
        assertThat(stats.bytesPerSample()).isLessThan(BUDGET_NODE_GROUPED);
    }

    @Test
    void tenNodeExporterScrapesPerBatch() {
        NodeExporterData scrapes = new NodeExporterData(10, INTERVAL, START);
        InMemoryHeadStore store = new InMemoryHeadStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(store);
        // Half a bucket keeps the test fast; dictionaries then amortize over 60 scrapes, not 120.
        for (int k = 0; k < SCRAPES_PER_BUCKET / 2; k++) {
            List<Series> batch = new ArrayList<>();
            for (int target = 0; target < 10; target++) {
                batch.addAll(scrape(scrapes, target, k));
            }
            writer.write("batch-" + k, batch);
        }
        HeadStats stats = report("node_exporter, 10 targets, one batch of 10 scrapes", store);
        assertThat(stats.bytesPerSample()).isLessThan(BUDGET_NODE_TEN_TARGETS);
    }

    @Test
    void tenThousandSeriesOneScrapePerMessage() {
        InMemoryHeadStore store = new InMemoryHeadStore();
        // 20 metrics stand for 100: with one partition per metric the figure does not depend on the count.
        HeadOptions options = HeadOptions.defaults().withMetricGroups(0);
        SegmentHeadWriter writer = new SegmentHeadWriter(store, options);
        SyntheticTarget target = new SyntheticTarget(20, 100);
        for (int k = 0; k < SCRAPES_PER_BUCKET; k++) {
            writer.write("msg-" + k, target.scrape(START + k * 60_000L + 7));
        }
        HeadStats stats = report("synthetic metrics x 100 series, 1 scrape per message", store, options);
        assertThat(stats.samples()).isEqualTo(2000L * SCRAPES_PER_BUCKET);
        assertThat(stats.bytesPerSample()).isLessThan(BUDGET_SYNTHETIC);
    }

    @Test
    void remoteWriteStyleTenScrapesPerMessage() {
        NodeExporterData scrapes = new NodeExporterData(1, INTERVAL, START);
        InMemoryHeadStore store = new InMemoryHeadStore();
        SegmentHeadWriter writer = new SegmentHeadWriter(store);
        for (int message = 0; message < SCRAPES_PER_BUCKET / 10; message++) {
            List<Series> batch = new ArrayList<>();
            for (int k = message * 10; k < message * 10 + 10; k++) {
                batch.addAll(scrape(scrapes, 0, k));
            }
            writer.write("rw-" + message, merge(batch));
        }
        HeadStats stats = report("node_exporter, 1 target, 10 scrapes per message (remote-write style)", store);
        assertThat(stats.bytesPerSample()).isLessThan(BUDGET_REMOTE_WRITE);
    }

    private static List<Series> merge(List<Series> samples) {
        java.util.Map<Labels, List<Series>> bySeries = new java.util.LinkedHashMap<>();
        for (Series one : samples) {
            bySeries.computeIfAbsent(one.labels(), labels -> new ArrayList<>()).add(one);
        }
        List<Series> merged = new ArrayList<>();
        bySeries.forEach((labels, parts) -> {
            long[] timestamps = parts.stream().flatMapToLong(part -> java.util.Arrays.stream(part.timestamps())).toArray();
            double[] values = parts.stream().flatMapToDouble(part -> java.util.Arrays.stream(part.values())).toArray();
            merged.add(new Series(labels, timestamps, values));
        });
        return merged;
    }

    private static HeadStats report(String shape, InMemoryHeadStore store) {
        return report(shape, store, HeadOptions.defaults());
    }

    /** Stats must be read with the options the head was written with (metric groups decide where segments are). */
    private static HeadStats report(String shape, InMemoryHeadStore store, HeadOptions options) {
        HeadStats stats = HeadStats.of(store, options, Long.MIN_VALUE, Long.MAX_VALUE);
        System.out.printf("head size [%s]: %s%n", shape, stats);
        return stats;
    }

    /**
     * A target of {@code metrics} metrics with {@code seriesPerMetric} series each: a quarter
     * integer counters (bytes, packets), a quarter two-decimal counters (cpu seconds), a quarter
     * integer gauges, a quarter float gauges with arbitrary fractions (temperatures, ratios).
     */
    static final class SyntheticTarget {
        private final List<Labels> labels = new ArrayList<>();
        private final double[] values;
        private final double[] rates;
        private final SplittableRandom random = new SplittableRandom(42);

        private final int seriesPerMetric;

        SyntheticTarget(int metrics, int seriesPerMetric) {
            this.seriesPerMetric = seriesPerMetric;
            for (int m = 0; m < metrics; m++) {
                for (int s = 0; s < seriesPerMetric; s++) {
                    labels.add(Labels.of("__name__", "metric_" + m, "job", "bench", "instance", "host:9100",
                            "device", "dev" + s));
                }
            }
            values = new double[labels.size()];
            rates = new double[labels.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (kind(i)) {
                    case 0 -> random.nextLong(1L << 40);
                    case 1 -> random.nextLong(10_000_000) / 100.0;
                    case 2 -> random.nextLong(100_000);
                    default -> random.nextDouble() * 100;
                };
                rates[i] = random.nextInt(5) == 0 ? 0 : random.nextLong(1, 1_000_000);
            }
        }

        /** Series of one metric share a kind, as they do in exporters. */
        private int kind(int index) {
            return (index / seriesPerMetric) % 4;
        }

        List<Series> scrape(long timestamp) {
            List<Series> scrape = new ArrayList<>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                values[i] = switch (kind(i)) {
                    case 0 -> values[i] + rates[i];
                    case 1 -> Math.round(values[i] * 100 + rates[i] % 6000) / 100.0;
                    case 2 -> Math.max(0, values[i] + random.nextInt(-50, 51));
                    default -> Math.max(0, values[i] + random.nextDouble() - 0.5);
                };
                scrape.add(new Series(labels.get(i), new long[] {timestamp}, new double[] {values[i]}));
            }
            return scrape;
        }
    }
}
