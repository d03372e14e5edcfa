package io.promless.benchmarks;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockSpec;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.EncodedBlock;
import io.promless.blocks.compact.CompactionResult;
import io.promless.blocks.compact.HeadCompactor;
import io.promless.blocks.query.BlockQueryable;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;

/**
 * Prints block size in bytes per sample for a generated realistic day (see
 * {@link RealisticSeriesGenerator}) cut into 2 h level-1 blocks, and compaction throughput in
 * samples per second per core (thread CPU time): block encoding alone over every window, and
 * the whole {@link HeadCompactor} (read the head window, encode, upload, index) over the first
 * {@code --head-windows} windows, with the head write that precedes it excluded.
 */
public final class BlocksBenchmark {
    private BlocksBenchmark() {}

    public static void main(String[] args) {
        int seriesCount = IngestBenchmark.intArg(args, "--series", 10_000);
        int hours = IngestBenchmark.intArg(args, "--hours", 24);
        int intervalSeconds = IngestBenchmark.intArg(args, "--interval-seconds", 15);
        int windowHours = IngestBenchmark.intArg(args, "--window-hours", 2);
        int headWindows = IngestBenchmark.intArg(args, "--head-windows", 2);
        long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        long window = Duration.ofHours(windowHours).toMillis();
        long end = start + Duration.ofHours(hours).toMillis();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        BlockWriter writer = new BlockWriter(BlockOptions.defaults());
        System.out.printf("blocks benchmark: %,d series x %d h at %d s, %d h blocks, churn 10 %% of targets every 6 h%n",
                seriesCount, hours, intervalSeconds, windowHours);

        // Warm-up: one window encoded and thrown away, so the JIT does not count against the figures.
        RealisticSeriesGenerator warmUp = generator(seriesCount, start, intervalSeconds);
        writer.write(new BlockSpec("warmup", start, start + window, 1, List.of()), warmUp.window(start, start + window));

        RealisticSeriesGenerator generator = generator(seriesCount, start, intervalSeconds);
        long samples = 0;
        long bytes = 0;
        long metaBytes = 0;
        long seriesRows = 0;
        long encodeCpu = 0;
        long encodeWall = 0;
        for (long windowStart = start; windowStart < end; windowStart += window) {
            List<Series> series = generator.window(windowStart, windowStart + window);
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long wallBefore = System.nanoTime();
            EncodedBlock block = writer.write(new BlockSpec(BlockId.forWindow(1, windowStart, windowStart + window),
                    windowStart, windowStart + window, 1, List.of("bench")), series);
            encodeCpu += threads.getCurrentThreadCpuTime() - cpuBefore;
            encodeWall += System.nanoTime() - wallBefore;
            samples += block.meta().sampleCount();
            bytes += block.data().length;
            metaBytes += block.meta().toJson().length;
            seriesRows += block.meta().seriesCount();
        }
        System.out.printf("RESULT block size: %.3f bytes/sample (%,d samples, %,d bytes of Parquet in %d blocks, %,d series rows; meta.json adds %.4f)%n",
                (double) bytes / samples, samples, bytes, (end - start) / window, seriesRows, (double) metaBytes / samples);
        System.out.printf("RESULT block encoding (chunks + Parquet): %,.0f samples/s per core (CPU), %,.0f samples/s wall%n",
                samples / (encodeCpu / 1e9), samples / (encodeWall / 1e9));

        if (java.util.Arrays.asList(args).contains("--breakdown")) {
            printBreakdown(generator(seriesCount, start, intervalSeconds).window(start, start + window));
        }

        RealisticSeriesGenerator headGenerator = generator(seriesCount, start, intervalSeconds);
        InMemoryHeadStore headStore = new InMemoryHeadStore();
        SegmentHeadWriter headWriter = new SegmentHeadWriter(headStore);
        HeadQueryable head = new HeadQueryable(headStore);
        InMemoryObjectStore objects = new InMemoryObjectStore();
        HeadCompactor compactor = new HeadCompactor(head, new BlockStore(objects), new BlockIndex(objects), writer);
        long compacted = 0;
        long compactCpu = 0;
        long compactWall = 0;
        long headEnd = start;
        for (int w = 0; w < headWindows && start + w * window < end; w++) {
            long windowStart = start + w * window;
            List<Series> series = headGenerator.window(windowStart, windowStart + window);
            for (int part = 0; part < series.size(); part += 1000) {
                headWriter.write("w" + w + "-p" + part, series.subList(part, Math.min(series.size(), part + 1000)));
            }
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long wallBefore = System.nanoTime();
            CompactionResult result = compactor.compact(windowStart, windowStart + window);
            compactCpu += threads.getCurrentThreadCpuTime() - cpuBefore;
            compactWall += System.nanoTime() - wallBefore;
            compacted += result.sampleCount();
            headEnd = windowStart + window;
        }
        if (compacted > 0) {
            System.out.printf("RESULT compaction from the head (read window + encode + upload + index, in-memory stores): %,.0f samples/s per core (CPU), %,.0f samples/s wall over %,d samples%n",
                    compacted / (compactCpu / 1e9), compacted / (compactWall / 1e9), compacted);
            compareSelects(head, new BlockQueryable(new BlockIndex(objects), new BlockStore(objects)), start, headEnd - 1);
        }
    }

    /** Median select latency of a few selectors over the compacted range: blocks (warm cache) beside the head. */
    private static void compareSelects(Queryable head, Queryable blocks, long minTime, long maxTime) {
        List<List<LabelMatcher>> selectors = List.of(
                List.of(LabelMatcher.equal("__name__", "up")),
                List.of(LabelMatcher.equal("__name__", "http_requests_total"), LabelMatcher.equal("code", "500")),
                List.of(LabelMatcher.equal("__name__", "node_memory_bytes"), LabelMatcher.equal("kind", "k1")),
                List.of(LabelMatcher.of(MatchType.REGEX, "__name__", "http_request_duration_seconds_(sum|count)"),
                        LabelMatcher.equal("job", "node")),
                List.of(LabelMatcher.equal("__name__", "process_cpu_seconds_total"),
                        LabelMatcher.equal("instance", "10.0.0.7:9100")));
        double ratioProduct = 1;
        for (List<LabelMatcher> selector : selectors) {
            long headNanos = medianSelectNanos(head, selector, minTime, maxTime);
            long blockNanos = medianSelectNanos(blocks, selector, minTime, maxTime);
            ratioProduct *= (double) blockNanos / headNanos;
            System.out.printf("select %-110s head %8.2f ms, blocks %8.2f ms%n", selector, headNanos / 1e6, blockNanos / 1e6);
        }
        System.out.printf("RESULT select over blocks vs head (median wall time per selector, geometric mean of ratios): %.2fx%n",
                Math.pow(ratioProduct, 1.0 / selectors.size()));
    }

    private static long medianSelectNanos(Queryable queryable, List<LabelMatcher> selector, long minTime, long maxTime) {
        long[] nanos = new long[7];
        for (int run = 0; run < nanos.length; run++) {
            long before = System.nanoTime();
            try (Querier querier = queryable.querier(minTime, maxTime)) {
                if (querier.select(selector).isEmpty()) {
                    throw new IllegalStateException("selector " + selector + " matched nothing");
                }
            }
            nanos[run] = System.nanoTime() - before;
        }
        java.util.Arrays.sort(nanos);
        return nanos[nanos.length / 2];
    }

    /** XOR chunk bytes per sample by metric name, for one window: where the bytes go. */
    private static void printBreakdown(List<Series> series) {
        java.util.Map<String, long[]> byMetric = new java.util.TreeMap<>();
        for (Series one : series) {
            io.promless.tsdb.chunkenc.XorChunkEncoder encoder = new io.promless.tsdb.chunkenc.XorChunkEncoder();
            for (int i = 0; i < one.size(); i++) {
                encoder.append(one.timestamps()[i], one.values()[i]);
            }
            long[] totals = byMetric.computeIfAbsent(one.labels().metricName(), name -> new long[3]);
            totals[0] += io.promless.blocks.chunk.ChunkCodec.encode(one.timestamps(), one.values(), 0, one.size()).length;
            totals[1] += encoder.encode().length;
            totals[2] += one.size();
        }
        byMetric.forEach((name, totals) -> System.out.printf(
                "breakdown %-40s %6.3f bytes/sample in block chunks, %6.3f as plain XOR chunks (%,d samples)%n",
                name, (double) totals[0] / totals[2], (double) totals[1] / totals[2], totals[2]));
    }

    private static RealisticSeriesGenerator generator(int seriesCount, long start, int intervalSeconds) {
        return new RealisticSeriesGenerator(seriesCount, start, intervalSeconds * 1000L, Duration.ofHours(6).toMillis(), 0.1, 42);
    }
}
