package io.promless.differential;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the differential test's data, deterministically from a seed: counters with resets,
 * gauges (negative, integer, 0/1 and special values), classic histograms, series that start late,
 * stop early and short-lived series whose end falls inside the data (so they drop out of results
 * once the 5 m lookback passes).
 *
 * <p>Every timestamp has a millisecond part between 10 and 990: queries are evaluated at whole
 * seconds with whole-second ranges, steps and offsets, so no sample ever sits on a range's lower
 * boundary, where Prometheus 2 (closed ranges) and Prometheus 3 (left-open) disagree.
 *
 * <p>Counters and histograms start from a value reached before the data begins (as a scraped
 * process that has run for a while), never near zero: where a counter's first sample in a range is
 * below about one scrape interval's increase, Prometheus 2.42 limits rate()'s extrapolation to the
 * zero point differently from Prometheus since 2.51 (prometheus/prometheus#13725), and the
 * reference would disagree with Prometheus 3 itself. Resets inside the data restart from zero.
 *
 * <p>Staleness markers cannot be written in OpenMetrics text, so neither server gets any; series
 * that end simply stop having samples.
 */
public final class DataGenerator {
    /** 2023-11-14T22:13:20Z: a whole 10 000 s, so range queries can start on round times. */
    public static final long DEFAULT_START_MILLIS = 1_700_000_000_000L;
    public static final Duration DEFAULT_SPAN = Duration.ofHours(3);
    public static final long DEFAULT_SEED = 20_261_126L;

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final double[] BUCKET_BOUNDS = {0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 10};
    private static final String[] INSTANCES = {"10.0.0.1:9100", "10.0.0.2:9100", "10.0.0.3:9100"};
    private static final String[] JOBS = {"api", "web"};

    private final long seed;
    private final long startMillis;
    private final long endMillis;

    public DataGenerator(long seed, long startMillis, Duration span) {
        if (startMillis % SECOND != 0) {
            throw new IllegalArgumentException("startMillis must be a whole second: " + startMillis);
        }
        if (span.isNegative() || span.toMinutes() < 30) {
            throw new IllegalArgumentException("span must be at least 30 minutes: " + span);
        }
        this.seed = seed;
        this.startMillis = startMillis;
        this.endMillis = startMillis + span.toMillis();
    }

    public static Dataset defaultDataset() {
        return new DataGenerator(DEFAULT_SEED, DEFAULT_START_MILLIS, DEFAULT_SPAN).generate();
    }

    public Dataset generate() {
        SplittableRandom random = new SplittableRandom(seed);
        List<MetricFamily> families = List.of(
                httpRequests(random.split()),
                cpuSeconds(random.split()),
                memoryBytes(random.split()),
                temperature(random.split()),
                queueDepth(random.split()),
                up(random.split()),
                requestDuration(random.split()),
                batchLastSuccess(random.split()),
                podConnections(random.split()),
                specialValues(random.split()));
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (MetricFamily family : families) {
            for (Series series : family.series()) {
                if (series.size() > 0) {
                    first = Math.min(first, series.timestamps()[0]);
                    last = Math.max(last, series.timestamps()[series.size() - 1]);
                }
            }
        }
        return new Dataset(families, first, last);
    }

    private MetricFamily httpRequests(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (String job : JOBS) {
            for (String instance : INSTANCES) {
                for (String method : new String[] {"GET", "POST"}) {
                    for (String status : new String[] {"200", "404", "500"}) {
                        double perSecond = status.equals("200") ? 1 + random.nextDouble(20) : random.nextDouble(0.5);
                        Labels labels = Labels.of("__name__", "http_requests_total", "job", job,
                                "instance", instance, "method", method, "status", status);
                        long[] times = sampleTimes(random, 15 * SECOND, startMillis, endMillis);
                        series.add(new Series(labels, times, counter(random, times, perSecond, true, 0.004)));
                    }
                }
            }
        }
        return new MetricFamily("http_requests", FamilyType.COUNTER, "Requests served.", series);
    }

    private MetricFamily cpuSeconds(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (String job : JOBS) {
            for (String instance : INSTANCES) {
                for (String mode : new String[] {"user", "system"}) {
                    Labels labels = Labels.of("__name__", "process_cpu_seconds_total", "job", job,
                            "instance", instance, "mode", mode);
                    long[] times = sampleTimes(random, 30 * SECOND, startMillis, endMillis);
                    series.add(new Series(labels, times, counter(random, times, random.nextDouble(0.9), false, 0.003)));
                }
            }
        }
        return new MetricFamily("process_cpu_seconds", FamilyType.COUNTER, "CPU time spent.", series);
    }

    private MetricFamily memoryBytes(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (String job : JOBS) {
            for (String instance : INSTANCES) {
                for (String kind : new String[] {"used", "free", "cached"}) {
                    Labels labels = Labels.of("__name__", "node_memory_bytes", "job", job, "instance", instance, "kind", kind);
                    long[] times = sampleTimes(random, 30 * SECOND, startMillis, endMillis);
                    double[] values = new double[times.length];
                    double value = 1e9 + random.nextDouble(4e9);
                    for (int i = 0; i < times.length; i++) {
                        value = Math.max(1e8, value + (random.nextDouble() - 0.5) * 5e7);
                        values[i] = Math.rint(value);
                    }
                    series.add(new Series(labels, times, values));
                }
            }
        }
        return new MetricFamily("node_memory_bytes", FamilyType.GAUGE, "Memory by kind.", series);
    }

    private MetricFamily temperature(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (int sensor = 0; sensor < 10; sensor++) {
            String room = sensor < 5 ? "lab" : "cold-store";
            Labels labels = Labels.of("__name__", "temperature_celsius", "sensor", "s" + sensor, "room", room);
            long[] times = sampleTimes(random, 60 * SECOND, startMillis, endMillis);
            double base = room.equals("lab") ? 21 : -18;
            double phase = random.nextDouble(2 * Math.PI);
            double[] values = new double[times.length];
            for (int i = 0; i < times.length; i++) {
                double hours = (times[i] - startMillis) / 3_600_000.0;
                values[i] = base + 3 * Math.sin(hours + phase) + random.nextGaussian() * 0.4;
            }
            series.add(new Series(labels, times, values));
        }
        return new MetricFamily("temperature_celsius", FamilyType.GAUGE, "Temperature per sensor.", series);
    }

    /** Integer gauges; half of them start late and stop early. */
    private MetricFamily queueDepth(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (int queue = 0; queue < 8; queue++) {
            Labels labels = Labels.of("__name__", "queue_depth", "queue", "q" + queue, "job", JOBS[queue % 2]);
            long from = startMillis;
            long to = endMillis;
            if (queue % 2 == 1) {
                from = startMillis + randomMinutes(random, 5, 60);
                to = endMillis - randomMinutes(random, 10, 50);
            }
            long[] times = sampleTimes(random, 15 * SECOND, from, to);
            double[] values = new double[times.length];
            long depth = random.nextLong(50);
            for (int i = 0; i < times.length; i++) {
                depth = Math.max(0, depth + random.nextLong(-5, 6));
                values[i] = depth;
            }
            series.add(new Series(labels, times, values));
        }
        return new MetricFamily("queue_depth", FamilyType.GAUGE, "Messages waiting.", series);
    }

    private MetricFamily up(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (String job : JOBS) {
            for (String instance : INSTANCES) {
                Labels labels = Labels.of("__name__", "up", "job", job, "instance", instance);
                long[] times = sampleTimes(random, 15 * SECOND, startMillis, endMillis);
                double[] values = new double[times.length];
                for (int i = 0; i < times.length; i++) {
                    values[i] = random.nextDouble() < 0.03 ? 0 : 1;
                }
                series.add(new Series(labels, times, values));
            }
        }
        return new MetricFamily("up", FamilyType.GAUGE, "Whether the target answered.", series);
    }

    /** Classic histograms: cumulative buckets, _sum and _count, resetting together. */
    private MetricFamily requestDuration(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (String job : JOBS) {
            for (String instance : INSTANCES) {
                for (String handler : new String[] {"/query", "/write"}) {
                    long from = startMillis;
                    if (handler.equals("/write") && instance.equals(INSTANCES[2])) {
                        from = startMillis + randomMinutes(random, 20, 70);
                    }
                    long[] times = sampleTimes(random, 15 * SECOND, from, endMillis);
                    series.addAll(histogram(random, times, job, instance, handler));
                }
            }
        }
        return new MetricFamily("request_duration_seconds", FamilyType.HISTOGRAM, "Request latency.", series);
    }

    private List<Series> histogram(SplittableRandom random, long[] times, String job, String instance, String handler) {
        int buckets = BUCKET_BOUNDS.length + 1;
        double[][] bucketValues = new double[buckets][times.length];
        double[] sums = new double[times.length];
        double[] counts = new double[times.length];
        double[] cumulative = new double[buckets];
        double sum = 0;
        double scale = handler.equals("/query") ? 0.08 : 0.6;
        // As if the histogram had been observing for a while already (see the class comment).
        int warmUpIntervals = 100 + random.nextInt(300);
        for (int interval = 0; interval < warmUpIntervals; interval++) {
            sum += observe(random, scale, cumulative);
        }
        for (int i = 0; i < times.length; i++) {
            if (i > 0 && random.nextDouble() < 0.004) {
                Arrays.fill(cumulative, 0);
                sum = 0;
            }
            sum += observe(random, scale, cumulative);
            for (int bucket = 0; bucket < buckets; bucket++) {
                bucketValues[bucket][i] = cumulative[bucket];
            }
            sums[i] = sum;
            counts[i] = cumulative[buckets - 1];
        }
        List<Series> series = new ArrayList<>();
        for (int bucket = 0; bucket < buckets; bucket++) {
            String le = bucket == BUCKET_BOUNDS.length ? "+Inf" : OpenMetricsWriter.formatValue(BUCKET_BOUNDS[bucket]);
            series.add(new Series(Labels.of("__name__", "request_duration_seconds_bucket", "job", job,
                    "instance", instance, "handler", handler, "le", le), times, bucketValues[bucket]));
        }
        series.add(new Series(Labels.of("__name__", "request_duration_seconds_sum", "job", job,
                "instance", instance, "handler", handler), times, sums));
        series.add(new Series(Labels.of("__name__", "request_duration_seconds_count", "job", job,
                "instance", instance, "handler", handler), times, counts));
        return series;
    }

    /** One scrape interval's observations: counts them into the cumulative buckets and returns their sum. */
    private static double observe(SplittableRandom random, double scale, double[] cumulative) {
        double sum = 0;
        int observations = random.nextInt(40);
        for (int observation = 0; observation < observations; observation++) {
            double latency = scale * Math.exp(random.nextGaussian());
            sum += latency;
            for (int bucket = 0; bucket < cumulative.length; bucket++) {
                if (bucket == BUCKET_BOUNDS.length || latency <= BUCKET_BOUNDS[bucket]) {
                    cumulative[bucket]++;
                }
            }
        }
        return sum;
    }

    /** Batch jobs: each runs for a while somewhere inside the data and then stops reporting. */
    private MetricFamily batchLastSuccess(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (int job = 0; job < 5; job++) {
            long from = startMillis + randomMinutes(random, 0, 90);
            long to = Math.min(endMillis, from + randomMinutes(random, 30, 120));
            Labels labels = Labels.of("__name__", "batch_last_success_timestamp_seconds", "job", "batch", "task", "t" + job);
            long[] times = sampleTimes(random, 60 * SECOND, from, to);
            double[] values = new double[times.length];
            double lastSuccess = Math.floor(from / 1000.0) - 600;
            for (int i = 0; i < times.length; i++) {
                if (random.nextDouble() < 0.2) {
                    lastSuccess = Math.floor(times[i] / 1000.0);
                }
                values[i] = lastSuccess;
            }
            series.add(new Series(labels, times, values));
        }
        return new MetricFamily("batch_last_success_timestamp_seconds", FamilyType.GAUGE,
                "When each batch task last succeeded.", series);
    }

    /** Short-lived series, like pods coming and going: most end well before the data does. */
    private MetricFamily podConnections(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        for (int pod = 0; pod < 30; pod++) {
            long from = startMillis + randomMinutes(random, 0, 150);
            long to = Math.min(endMillis, from + randomMinutes(random, 15, 50));
            Labels labels = Labels.of("__name__", "pod_open_connections", "pod", "pod-" + pod,
                    "namespace", pod % 3 == 0 ? "batch" : "serving");
            long[] times = sampleTimes(random, 30 * SECOND, from, to);
            double[] values = new double[times.length];
            for (int i = 0; i < times.length; i++) {
                values[i] = random.nextInt(200);
            }
            series.add(new Series(labels, times, values));
        }
        return new MetricFamily("pod_open_connections", FamilyType.GAUGE, "Open connections per pod.", series);
    }

    /** A few gauges that sometimes report NaN, +Inf, -Inf, zero or negative zero. */
    private MetricFamily specialValues(SplittableRandom random) {
        List<Series> series = new ArrayList<>();
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0};
        for (int probe = 0; probe < 3; probe++) {
            Labels labels = Labels.of("__name__", "probe_ratio", "probe", "p" + probe);
            long[] times = sampleTimes(random, 60 * SECOND, startMillis, endMillis);
            double[] values = new double[times.length];
            for (int i = 0; i < times.length; i++) {
                values[i] = random.nextDouble() < 0.05 ? specials[random.nextInt(specials.length)] : random.nextDouble(-1, 1);
            }
            series.add(new Series(labels, times, values));
        }
        return new MetricFamily("probe_ratio", FamilyType.GAUGE, "A ratio with special values.", series);
    }

    /**
     * A counter: increases by about {@code perSecond} per second and, with probability
     * {@code resetProbability} per sample, restarts from near zero.
     */
    private static double[] counter(SplittableRandom random, long[] times, double perSecond, boolean integral,
            double resetProbability) {
        double[] values = new double[times.length];
        // As if the counter had been counting for 20 min to 3 h already.
        double head = perSecond * random.nextDouble(1200, 10_800) + 10;
        double value = integral ? Math.rint(head) : head;
        for (int i = 0; i < times.length; i++) {
            double seconds = i == 0 ? 0 : (times[i] - times[i - 1]) / 1000.0;
            double increment = perSecond * seconds * random.nextDouble(0.5, 1.5);
            if (i > 0 && random.nextDouble() < resetProbability) {
                value = 0;
            }
            value += integral ? Math.rint(increment) : increment;
            values[i] = value;
        }
        return values;
    }

    /**
     * Timestamps every {@code interval} from {@code from} to {@code to}, each with a fixed
     * per-series millisecond offset (20..979) and a jitter of at most 9 ms, so the millisecond part
     * is never 0.
     */
    private static long[] sampleTimes(SplittableRandom random, long interval, long from, long to) {
        long offset = random.nextLong(20, 980);
        long first = from - Math.floorMod(from, SECOND) + offset;
        List<Long> times = new ArrayList<>();
        for (long base = first; base <= to; base += interval) {
            times.add(base + random.nextLong(-9, 10));
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    private static long randomMinutes(SplittableRandom random, int from, int to) {
        return random.nextLong(from, to + 1) * MINUTE;
    }
}
