package io.promless.blocks;


import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated series for block tests: counters, gauges and a few sparse series. */
public final class TestSeries {
    private TestSeries() {}

    public static List<Series> generate(int metrics, int seriesPerMetric, long start, long end, long step, long seed) {
        Random random = new Random(seed);
        List<Series> result = new ArrayList<>();
        for (int metric = 0; metric < metrics; metric++) {
            for (int instance = 0; instance < seriesPerMetric; instance++) {
                Labels labels = Labels.of("__name__", "metric_" + (char) ('a' + metric % 26) + metric,
                        "instance", "host-" + instance, "job", metric % 2 == 0 ? "node" : "api");
                long offset = random.nextInt((int) step);
                int count = (int) ((end - start - offset + step - 1) / step);
                long[] timestamps = new long[count];
                double[] values = new double[count];
                double value = 0;
                for (int i = 0; i < count; i++) {
                    timestamps[i] = start + offset + i * step;
                    value = metric % 2 == 0 ? value + random.nextInt(10) : Math.round(random.nextGaussian() * 1000) / 10.0;
                    values[i] = value;
                }
                result.add(new Series(labels, timestamps, values));
            }
        }
        return result;
    }

    public static Series series(Labels labels, long[] timestamps, double[] values) {
        return new Series(labels, timestamps, values);
    }
}
