package io.promless.differential;

import io.promless.tsdb.head.HeadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bin/benchmark query}: runs the differential corpus against Prometheus and Promless on
 * the same data and machine and prints, per query class, the median latency of each and the
 * median of the per-query ratios Promless/Prometheus, then the overall median ratio.
 *
 * <p>A query's latency is the time for all its requests of one mode (instant at every time of the
 * {@link EvaluationPlan}, or range over every window) over HTTP, including JSON encoding and
 * parsing; its figure is the median over the measured runs, which come after the warm-up runs.
 * The two servers alternate which goes first, so neither profits from the other's warm caches.
 *
 * <p>Options: {@code --runs N} (default 5), {@code --warmup N} (default 2), {@code --metric-groups N}
 * (the head's {@link HeadOptions#metricGroups()}, default the head's default; 0 stores each metric
 * on its own).
 */
public final class QueryBenchmark {
    private QueryBenchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, Integer> options = options(args);
        int runs = options.getOrDefault("runs", 5);
        int warmup = options.getOrDefault("warmup", 2);
        HeadOptions headOptions = HeadOptions.defaults().withMetricGroups(
                options.getOrDefault("metric-groups", HeadOptions.defaults().metricGroups()));
        Dataset dataset = DataGenerator.defaultDataset();
        List<CorpusQuery> corpus = QueryCorpus.load();
        Path workDirectory = Files.createTempDirectory("promless-query-benchmark");
        System.out.printf(Locale.ROOT, "query benchmark: %d series, %d samples, %d queries x 2 modes, %d warm-up and %d measured runs,"
                + " head metric groups %d, sun.net.httpserver.nodelay=%s%n",
                dataset.seriesCount(), dataset.sampleCount(), corpus.size(), warmup, runs, headOptions.metricGroups(),
                System.getProperty("sun.net.httpserver.nodelay", "false"));
        try (DifferentialEnvironment environment = DifferentialEnvironment.start(dataset, workDirectory,
                PromlessEngine.engine(), PromlessEngine.selectorParser(), headOptions)) {
            QueryClient prometheus = environment.prometheusClient();
            QueryClient promless = environment.promlessClient();
            EvaluationPlan plan = EvaluationPlan.forData(dataset.startMillis());
            List<Measurement> measurements = new ArrayList<>();
            for (CorpusQuery query : corpus) {
                for (QueryMode mode : QueryMode.values()) {
                    measurements.add(new Measurement(query, mode, plan.requests(query.query(), mode), runs));
                }
            }
            long handlerNanosBefore = 0;
            for (int run = 0; run < warmup + runs; run++) {
                boolean measured = run >= warmup;
                if (run == warmup) {
                    handlerNanosBefore = environment.promlessHandlerNanos();
                }
                boolean prometheusFirst = run % 2 == 0;
                for (Measurement measurement : measurements) {
                    if (prometheusFirst) {
                        measurement.time(prometheus, true, measured);
                        measurement.time(promless, false, measured);
                    } else {
                        measurement.time(promless, false, measured);
                        measurement.time(prometheus, true, measured);
                    }
                }
                System.out.printf(Locale.ROOT, "%s run %d of %d done%n", measured ? "measured" : "warm-up",
                        measured ? run - warmup + 1 : run + 1, measured ? runs : warmup);
            }
            report(QueryCorpus.classes(corpus), measurements);
            double clientMillis = measurements.stream().mapToDouble(Measurement::totalPromlessMillis).sum();
            double handlerMillis = (environment.promlessHandlerNanos() - handlerNanosBefore) / 1e6;
            // Time outside the handler: request parsing, sending, TCP waits and this client's JSON parsing.
            System.out.printf(Locale.ROOT, "RESULT promless_http_time handler_ms=%.1f client_observed_ms=%.1f outside_handler_share=%.3f%n",
                    handlerMillis, clientMillis, 1 - handlerMillis / clientMillis);
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    private static void report(List<String> classes, List<Measurement> measurements) {
        Map<String, List<Measurement>> byClass = new LinkedHashMap<>();
        classes.forEach(name -> byClass.put(name, new ArrayList<>()));
        measurements.forEach(measurement -> byClass.get(measurement.query.queryClass()).add(measurement));
        double worst = 0;
        String worstClass = "";
        for (Map.Entry<String, List<Measurement>> entry : byClass.entrySet()) {
            List<Measurement> group = entry.getValue();
            double ratio = median(group.stream().mapToDouble(Measurement::ratio).toArray());
            if (ratio > worst) {
                worst = ratio;
                worstClass = entry.getKey();
            }
            System.out.printf(Locale.ROOT,
                    "RESULT query_latency class=%s queries=%d prometheus_median_ms=%.3f promless_median_ms=%.3f ratio=%.3f%n",
                    entry.getKey(), group.size(),
                    median(group.stream().mapToDouble(measurement -> measurement.medianMillis(true)).toArray()),
                    median(group.stream().mapToDouble(measurement -> measurement.medianMillis(false)).toArray()),
                    ratio);
        }
        for (QueryMode mode : QueryMode.values()) {
            System.out.printf(Locale.ROOT, "RESULT query_latency mode=%s ratio=%.3f%n", mode.label(),
                    median(measurements.stream().filter(measurement -> measurement.mode == mode)
                            .mapToDouble(Measurement::ratio).toArray()));
        }
        System.out.printf(Locale.ROOT, "RESULT query_latency overall ratio=%.3f (median of %d per-query ratios Promless/Prometheus; worst class %s %.3f)%n",
                median(measurements.stream().mapToDouble(Measurement::ratio).toArray()), measurements.size(), worstClass, worst);
        System.out.println("slowest queries relative to Prometheus:");
        measurements.stream().sorted(Comparator.comparingDouble(Measurement::ratio).reversed()).limit(10)
                .forEach(measurement -> System.out.printf(Locale.ROOT, "  %.2fx  %s %s (Prometheus %.3f ms, Promless %.3f ms)%n",
                        measurement.ratio(), measurement.mode.label(), measurement.query.query(),
                        measurement.medianMillis(true), measurement.medianMillis(false)));
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!List.of("--runs", "--warmup", "--metric-groups").contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: bin/benchmark query [--runs N] [--warmup N] [--metric-groups N]; got "
                        + String.join(" ", args));
            }
            int value = Integer.parseInt(args[++i]);
            if (value < (name.equals("--runs") ? 1 : 0)) {
                throw new IllegalArgumentException(name + " is too small: " + value);
            }
            options.put(name.substring(2), value);
        }
        return options;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The timings of one (query, mode) on both servers. */
    private static final class Measurement {
        private final CorpusQuery query;
        private final QueryMode mode;
        private final List<QueryRequest> requests;
        private final double[] prometheusMillis;
        private final double[] promlessMillis;
        private int prometheusRuns;
        private int promlessRuns;

        Measurement(CorpusQuery query, QueryMode mode, List<QueryRequest> requests, int runs) {
            this.query = query;
            this.mode = mode;
            this.requests = requests;
            this.prometheusMillis = new double[runs];
            this.promlessMillis = new double[runs];
        }

        void time(QueryClient client, boolean prometheus, boolean measured) {
            long started = System.nanoTime();
            for (QueryRequest request : requests) {
                client.run(request);
            }
            double millis = (System.nanoTime() - started) / 1e6;
            if (!measured) {
                return;
            }
            if (prometheus) {
                prometheusMillis[prometheusRuns++] = millis;
            } else {
                promlessMillis[promlessRuns++] = millis;
            }
        }

        double medianMillis(boolean prometheus) {
            return median(prometheus ? prometheusMillis : promlessMillis);
        }

        double totalPromlessMillis() {
            return Arrays.stream(promlessMillis).sum();
        }

        double ratio() {
            return medianMillis(false) / medianMillis(true);
        }
    }
}
