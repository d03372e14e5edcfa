package io.promless.benchmarks;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.compact.CompactionResult;
import io.promless.blocks.compact.HeadCompactor;
import io.promless.blocks.query.BlockQueryable;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.promql.engine.PromqlEngine;
import io.promless.promql.engine.QueryResult;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/benchmark blocks-query}: query latency over blocks beside the head on the same day
 * of data. Generates {@code --series} realistic series (see {@link RealisticSeriesGenerator}) for
 * {@code --hours} at {@code --interval-seconds}, writes every 2 h window into an in-memory head
 * and compacts it into a block right after (so both hold the same samples), then runs a query
 * corpus (selectors, rate, over_time, aggregations, histogram_quantile, subqueries, binary
 * operators) as range queries over the whole period ({@code --step-seconds}) and as instant
 * queries at its end, against the head alone and the blocks alone (warm: footers and index
 * cached). Prints the median wall and CPU time per query class and overall, and the ratio
 * blocks/head; also the blocks' bytes per sample and compaction throughput per core.
 */
public final class BlocksQueryBenchmark {
    private BlocksQueryBenchmark() {}

    private record Query(String queryClass, String text) {}

    private static final List<Query> CORPUS = List.of(
            new Query("selector", "up"),
            new Query("selector", "http_requests_total{code=\"500\"}"),
            new Query("selector", "node_memory_bytes{kind=~\"k[12]\"}"),
            new Query("selector", "process_cpu_seconds_total{instance=\"10.0.0.7:9100\"}"),
            new Query("rate", "rate(http_requests_total{code=\"500\"}[5m])"),
            new Query("rate", "irate(node_network_receive_bytes_total{device=\"eth0\"}[5m])"),
            new Query("rate", "increase(process_cpu_seconds_total{job=\"node\"}[1h])"),
            new Query("over_time", "max_over_time(node_hwmon_temp_celsius[30m])"),
            new Query("over_time", "avg_over_time(queue_length[10m])"),
            new Query("over_time", "quantile_over_time(0.9, node_memory_bytes{kind=\"k0\"}[1h])"),
            new Query("aggregation", "sum by (job) (rate(http_requests_total[5m]))"),
            new Query("aggregation", "topk(5, sum by (instance) (rate(node_network_receive_bytes_total[5m])))"),
            new Query("aggregation", "count by (job) (up)"),
            new Query("aggregation", "avg without (kind) (node_memory_bytes)"),
            new Query("histogram_quantile",
                    "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"),
            new Query("histogram_quantile",
                    "histogram_quantile(0.5, sum by (le, job) (rate(http_request_duration_seconds_bucket{handler=\"/api/v1/h1\"}[10m])))"),
            new Query("subquery", "max_over_time(rate(http_requests_total{code=\"500\"}[5m])[1h:5m])"),
            new Query("subquery", "avg_over_time(sum by (job) (queue_length)[30m:1m])"),
            new Query("binary", "rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m])"),
            new Query("binary", "sum by (instance) (node_memory_bytes) / on (instance) group_left count by (instance) (up)"));

    public static void main(String[] args) {
        int seriesCount = IngestBenchmark.intArg(args, "--series", 10_000);
        int hours = IngestBenchmark.intArg(args, "--hours", 24);
        int intervalSeconds = IngestBenchmark.intArg(args, "--interval-seconds", 15);
        int stepSeconds = IngestBenchmark.intArg(args, "--step-seconds", 300);
        int runs = IngestBenchmark.intArg(args, "--runs", 3);
        long window = Duration.ofHours(2).toMillis();
        long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        long end = start + Duration.ofHours(hours).toMillis();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("blocks-query benchmark: %,d series x %d h at %d s; %d queries as range queries (step %d s) over"
                + " the whole period and as instant queries at its end; median of %d runs after one warm-up%n",
                seriesCount, hours, intervalSeconds, CORPUS.size(), stepSeconds, runs);

        RealisticSeriesGenerator generator = new RealisticSeriesGenerator(seriesCount, start, intervalSeconds * 1000L,
                Duration.ofHours(6).toMillis(), 0.1, 42);
        InMemoryHeadStore headStore = new InMemoryHeadStore();
        SegmentHeadWriter headWriter = new SegmentHeadWriter(headStore);
        HeadQueryable head = new HeadQueryable(headStore);
        InMemoryObjectStore objects = new InMemoryObjectStore();
        BlockIndex index = new BlockIndex(objects);
        BlockStore store = new BlockStore(objects);
        HeadCompactor compactor = new HeadCompactor(head, store, index, new BlockWriter(BlockOptions.defaults()));
        long samples = 0;
        long compactCpu = 0;
        long loadStarted = System.nanoTime();
        for (long windowStart = start; windowStart < end; windowStart += window) {
            List<Series> series = generator.window(windowStart, windowStart + window);
            for (int part = 0; part < series.size(); part += 1000) {
                headWriter.write("w" + windowStart + "-p" + part, series.subList(part, Math.min(series.size(), part + 1000)));
            }
            long cpuBefore = threads.getCurrentThreadCpuTime();
            CompactionResult result = compactor.compact(windowStart, windowStart + window);
            compactCpu += threads.getCurrentThreadCpuTime() - cpuBefore;
            samples += result.sampleCount();
        }
        long blockBytes = index.blocks().stream().mapToLong(BlockMeta::dataBytes).sum();
        System.out.printf("loaded %,d samples into the head and %d blocks in %.1f s%n", samples, index.blocks().size(),
                (System.nanoTime() - loadStarted) / 1e9);
        System.out.printf("RESULT block size: %.3f bytes/sample (%,d bytes of Parquet for %,d samples)%n",
                (double) blockBytes / samples, blockBytes, samples);
        System.out.printf("RESULT compaction from the head (read window + encode + upload + index): %,.0f samples/s per core (CPU)%n",
                samples / (compactCpu / 1e9));

        BlockQueryable blocks = new BlockQueryable(index, store);
        long getsBefore = store.rangedGets();
        long bytesBefore = store.bytesRead();
        int queriesRun = 0;
        PromqlEngine engine = new PromqlEngine();
        long step = stepSeconds * 1000L;
        Map<String, List<double[]>> byClass = new LinkedHashMap<>();
        System.out.printf("%-20s %-100s %12s %12s %7s %12s %12s %7s%n", "class", "query", "head range", "blocks range",
                "ratio", "head inst.", "blocks inst.", "ratio");
        for (Query query : CORPUS) {
            Timing headRange = time(runs, () -> engine.rangeQueryWithAnnotations(head, query.text(), start, end - 1, step));
            Timing blockRange = time(runs, () -> engine.rangeQueryWithAnnotations(blocks, query.text(), start, end - 1, step));
            Timing headInstant = time(runs, () -> engine.instantQueryWithAnnotations(head, query.text(), end - 1));
            Timing blockInstant = time(runs, () -> engine.instantQueryWithAnnotations(blocks, query.text(), end - 1));
            if (!headRange.result.value().equals(blockRange.result.value()) && !sameMatrix(headRange.result, blockRange.result)) {
                throw new IllegalStateException("blocks and head disagree on " + query.text());
            }
            queriesRun += 2 * (runs + 1);
            double[] figures = {headRange.wallNanos, blockRange.wallNanos, headInstant.wallNanos, blockInstant.wallNanos,
                headRange.cpuNanos, blockRange.cpuNanos, headInstant.cpuNanos, blockInstant.cpuNanos};
            byClass.computeIfAbsent(query.queryClass(), name -> new ArrayList<>()).add(figures);
            System.out.printf("%-20s %-100s %9.1f ms %9.1f ms %6.2fx %9.2f ms %9.2f ms %6.2fx%n", query.queryClass(),
                    abbreviate(query.text(), 100), figures[0] / 1e6, figures[1] / 1e6, figures[1] / figures[0],
                    figures[2] / 1e6, figures[3] / 1e6, figures[3] / figures[2]);
        }
        List<double[]> all = new ArrayList<>();
        byClass.forEach((name, rows) -> {
            all.addAll(rows);
            printSummary("class " + name, rows);
        });
        printSummary("overall", all);
        System.out.printf("RESULT blocks opened %d, block failures %d, index reads %d, index checks %d;"
                        + " block data: %,d ranged GETs and %,d bytes for %d queries (%.1f GETs per query; %,d bytes of blocks)%n",
                blocks.blocksOpened(), blocks.blocksFailed(), blocks.indexReads(), blocks.indexChecks(),
                store.rangedGets() - getsBefore, store.bytesRead() - bytesBefore, queriesRun,
                (double) (store.rangedGets() - getsBefore) / queriesRun, blockBytes);
    }

    /** Medians over the class's queries of each query's median, wall and CPU, and blocks/head ratios. */
    private static void printSummary(String name, List<double[]> rows) {
        double[] medians = new double[8];
        for (int column = 0; column < medians.length; column++) {
            int c = column;
            medians[column] = median(rows.stream().mapToDouble(row -> row[c]).toArray());
        }
        double ratioRange = median(rows.stream().mapToDouble(row -> row[1] / row[0]).toArray());
        double ratioInstant = median(rows.stream().mapToDouble(row -> row[3] / row[2]).toArray());
        double cpuRatioRange = median(rows.stream().mapToDouble(row -> row[5] / row[4]).toArray());
        double cpuRatioInstant = median(rows.stream().mapToDouble(row -> row[7] / row[6]).toArray());
        System.out.printf("RESULT %-30s range: head %8.1f ms, blocks %8.1f ms, blocks/head %.2fx (CPU %.2fx);"
                        + " instant: head %7.2f ms, blocks %7.2f ms, blocks/head %.2fx (CPU %.2fx)%n",
                name, medians[0] / 1e6, medians[1] / 1e6, ratioRange, cpuRatioRange,
                medians[2] / 1e6, medians[3] / 1e6, ratioInstant, cpuRatioInstant);
    }

    private record Timing(double wallNanos, double cpuNanos, QueryResult result) {}

    private static Timing time(int runs, java.util.function.Supplier<QueryResult> query) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        QueryResult result = query.get();
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int run = 0; run < runs; run++) {
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long before = System.nanoTime();
            result = query.get();
            wall[run] = System.nanoTime() - before;
            cpu[run] = threads.getCurrentThreadCpuTime() - cpuBefore;
        }
        return new Timing(median(wall), median(cpu), result);
    }

    private static boolean sameMatrix(QueryResult left, QueryResult right) {
        if (!(left.value() instanceof io.promless.promql.value.MatrixValue a)
                || !(right.value() instanceof io.promless.promql.value.MatrixValue b)) {
            return false;
        }
        if (a.series().size() != b.series().size()) {
            return false;
        }
        for (int i = 0; i < a.series().size(); i++) {
            Series x = a.series().get(i);
            Series y = b.series().get(i);
            if (!x.labels().equals(y.labels()) || !Arrays.equals(x.timestamps(), y.timestamps())
                    || !Arrays.equals(x.values(), y.values())) {
                return false;
            }
        }
        return true;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String abbreviate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
