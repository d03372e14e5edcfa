package io.promless.benchmarks;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a day of node/service-like series window by window, deterministically: per target,
 * integer counters (requests, bytes) with occasional process restarts that reset them, float
 * CPU-seconds counters, classic histograms (cumulative {@code _bucket} counters with {@code le},
 * {@code _sum}, {@code _count}), gauges (memory in pages, temperatures with one decimal, small
 * queue lengths, constant {@code up}/{@code _info}), and churn: a share of the targets is
 * replaced (new instance label) every few hours. Scrape timestamps are exact multiples of the
 * interval from a per-target offset, with a few milliseconds of jitter on 1 % of scrapes, as
 * Prometheus's timestamp alignment produces. Not thread-safe.
 */
final class RealisticSeriesGenerator {
    private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
    private static final int SERIES_PER_TARGET = 100;

    private final long start;
    private final long intervalMillis;
    private final long churnMillis;
    private final double churnShare;
    private final Random random;
    private final List<Target> targets = new ArrayList<>();

    RealisticSeriesGenerator(int seriesCount, long start, long intervalMillis, long churnMillis, double churnShare, long seed) {
        this.start = start;
        this.intervalMillis = intervalMillis;
        this.churnMillis = churnMillis;
        this.churnShare = churnShare;
        this.random = new Random(seed);
        int targetCount = Math.max(1, seriesCount / SERIES_PER_TARGET);
        for (int i = 0; i < targetCount; i++) {
            targets.add(new Target(i, 0, random.nextLong(intervalMillis), random));
        }
    }

    /** Samples in [windowStart, windowEnd) of every live series; windows must be asked for in order. */
    List<Series> window(long windowStart, long windowEnd) {
        List<Series> result = new ArrayList<>();
        boolean churnPoint = windowStart > start && Math.floorMod(windowStart - start, churnMillis) == 0;
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            // Churn: at each churn boundary part of the targets come back with a new identity.
            if (churnPoint && random.nextDouble() < churnShare) {
                target = new Target(target.index, target.generation + 1, target.offset, random);
                targets.set(t, target);
            }
            long[] timestamps = target.timestamps(windowStart, windowEnd, intervalMillis, random);
            if (timestamps.length > 0) {
                result.addAll(target.scrape(timestamps, random));
            }
        }
        return result;
    }

    private static final class Target {
        final int index;
        final int generation;
        final long offset;
        final Labels[] labels = new Labels[SERIES_PER_TARGET];
        final double[] state = new double[SERIES_PER_TARGET];
        final double[] rate = new double[SERIES_PER_TARGET];

        Target(int index, int generation, long offset, Random random) {
            this.index = index;
            this.generation = generation;
            this.offset = offset;
            String instance = "10.0." + (index / 250) + "." + (index % 250) + ":9100";
            String pod = "pod-" + index + "-g" + generation;
            String job = index % 3 == 0 ? "node" : "api";
            int s = 0;
            for (int i = 0; i < 30; i++) {
                labels[s] = Labels.of("__name__", "http_requests_total", "instance", instance, "pod", pod, "job", job,
                        "code", i % 5 == 0 ? "500" : "200", "handler", "/api/v1/h" + i);
                rate[s++] = random.nextInt(20);
            }
            for (int i = 0; i < 10; i++) {
                labels[s] = Labels.of("__name__", "node_network_receive_bytes_total", "instance", instance, "pod", pod,
                        "job", job, "device", "eth" + i);
                rate[s++] = 1000 + random.nextInt(100_000);
            }
            for (int i = 0; i < 5; i++) {
                labels[s] = Labels.of("__name__", "process_cpu_seconds_total", "instance", instance, "pod", pod,
                        "job", job, "cpu", Integer.toString(i));
                rate[s++] = random.nextInt(50) / 100.0;
            }
            for (int h = 0; h < 3; h++) {
                for (String le : LE) {
                    labels[s] = Labels.of("__name__", "http_request_duration_seconds_bucket", "instance", instance,
                            "pod", pod, "job", job, "handler", "/api/v1/h" + h, "le", le);
                    rate[s++] = 1 + random.nextInt(5);
                }
                labels[s] = Labels.of("__name__", "http_request_duration_seconds_sum", "instance", instance, "pod", pod,
                        "job", job, "handler", "/api/v1/h" + h);
                s++;
                labels[s] = Labels.of("__name__", "http_request_duration_seconds_count", "instance", instance, "pod", pod,
                        "job", job, "handler", "/api/v1/h" + h);
                s++;
            }
            for (int i = 0; i < 8; i++) {
                labels[s] = Labels.of("__name__", "node_memory_bytes", "instance", instance, "pod", pod, "job", job,
                        "kind", "k" + i);
                state[s] = 4096L * (100_000 + random.nextInt(1_000_000));
                s++;
            }
            for (int i = 0; i < 5; i++) {
                labels[s] = Labels.of("__name__", "node_hwmon_temp_celsius", "instance", instance, "pod", pod, "job", job,
                        "sensor", "temp" + i);
                state[s++] = 40 + random.nextInt(20);
            }
            for (int i = 0; i < 4; i++) {
                labels[s] = Labels.of("__name__", "queue_length", "instance", instance, "pod", pod, "job", job,
                        "queue", "q" + i);
                s++;
            }
            while (s < SERIES_PER_TARGET) {
                labels[s] = Labels.of("__name__", s % 2 == 0 ? "up" : "build_info", "instance", instance, "pod", pod,
                        "job", job, "slot", Integer.toString(s));
                state[s++] = 1;
            }
        }

        long[] timestamps(long windowStart, long windowEnd, long interval, Random random) {
            long first = Math.floorDiv(windowStart - offset + interval - 1, interval) * interval + offset;
            int count = (int) Math.max(0, (windowEnd - first + interval - 1) / interval);
            long[] result = new long[count];
            for (int i = 0; i < count; i++) {
                long jitter = random.nextInt(100) == 0 ? random.nextInt(5) - 2 : 0;
                result[i] = Math.min(windowEnd - 1, Math.max(windowStart, first + i * interval + jitter));
            }
            return result;
        }

        List<Series> scrape(long[] timestamps, Random random) {
            int n = timestamps.length;
            double[][] values = new double[SERIES_PER_TARGET][n];
            boolean restartsInWindow = random.nextInt(50) == 0;
            int restartAt = restartsInWindow ? random.nextInt(n) : -1;
            for (int i = 0; i < n; i++) {
                boolean restart = i == restartAt;
                int s = 0;
                for (; s < 45; s++) {
                    // CPU seconds are clock ticks (1/100 s) an exporter divides and prints: short decimals.
                    boolean ticks = s >= 40;
                    state[s] = restart ? 0 : state[s] + Math.round(rate[s] * random.nextDouble() * 2 * (ticks ? 100 : 1));
                    values[s][i] = ticks ? state[s] / 100 : state[s];
                }
                for (int h = 0; h < 3; h++) {
                    int base = 45 + h * 12;
                    long observations = restart ? 0 : random.nextInt(20);
                    double cumulative = 0;
                    for (int b = 0; b < LE.length; b++) {
                        cumulative += Math.round(observations * rate[base + b] / 10.0);
                        state[base + b] = restart ? 0 : state[base + b] + cumulative;
                        values[base + b][i] = state[base + b];
                    }
                    state[base + 11] = restart ? 0 : state[base + 11] + observations;
                    state[base + 10] = restart ? 0 : state[base + 10] + Math.round(observations * random.nextDouble() * 1000) / 1000.0;
                    values[base + 10][i] = state[base + 10];
                    values[base + 11][i] = state[base + 11];
                }
                s = 81;
                for (int k = 0; k < 8; k++, s++) {
                    if (random.nextInt(4) == 0) {
                        state[s] += 4096.0 * (random.nextInt(2001) - 1000);
                    }
                    values[s][i] = state[s];
                }
                for (int k = 0; k < 5; k++, s++) {
                    if (random.nextInt(3) == 0) {
                        state[s] = Math.round((state[s] + (random.nextInt(3) - 1) * 0.5) * 10) / 10.0;
                    }
                    values[s][i] = state[s];
                }
                for (int k = 0; k < 4; k++, s++) {
                    state[s] = Math.max(0, state[s] + random.nextInt(3) - 1);
                    values[s][i] = state[s];
                }
                for (; s < SERIES_PER_TARGET; s++) {
                    values[s][i] = state[s];
                }
            }
            List<Series> result = new ArrayList<>(SERIES_PER_TARGET);
            for (int s = 0; s < SERIES_PER_TARGET; s++) {
                result.add(new Series(labels[s], timestamps, values[s]));
            }
            return result;
        }
    }
}
