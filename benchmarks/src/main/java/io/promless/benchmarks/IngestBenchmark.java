package io.promless.benchmarks;

import io.promless.ingest.BatchResult;
import io.promless.ingest.IngestService;
import io.promless.local.head.FileHeadStore;
import io.promless.local.memory.InMemoryMessageQueue;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.ports.QueueMessage;
import io.promless.remote.QueueAppendable;
import io.promless.storage.Appender;
import io.promless.tsdb.head.HeadOptions;
import io.promless.tsdb.head.HeadStats;
import io.promless.tsdb.head.HeadStore;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Drives scrape-shaped remote-write messages through decode, validation and head encoding with
 * local adapters and prints samples per second per core and head bytes per sample, for two data
 * shapes ({@code --data synthetic|node-exporter|both}, default both): {@link ScrapeLikeData}'s
 * synthetic value mix, and {@link NodeExporterData}'s recorded node_exporter scrapes.
 *
 * <p>Each message is one scrape of one target (1,000 series), as the scrape function sends
 * them; the ingest service takes them in batches of {@value #BATCH_SIZE} like the Lambda event
 * source. Rates use the ingesting thread's CPU time, so they are per core and less sensitive to
 * other load on the machine; wall-clock rates are printed beside them.
 */
public final class IngestBenchmark {
    private static final int BATCH_SIZE = 10;

    private IngestBenchmark() {}

    public static void main(String[] args) throws IOException {
        int targets = intArg(args, "--targets", 10);
        int seriesPerTarget = intArg(args, "--series-per-target", 1000);
        int scrapes = intArg(args, "--scrapes", 100);
        int runs = intArg(args, "--runs", 5);
        String shapes = stringArg(args, "--data", "both");
        long intervalMillis = Duration.ofSeconds(60).toMillis();
        long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, any fixed time works
        HeadOptions options = headOptions(args);

        if (shapes.equals("both") || shapes.equals("synthetic")) {
            ScrapeLikeData synthetic = new ScrapeLikeData(targets, seriesPerTarget, intervalMillis, start);
            measure("synthetic", synthetic, (long) targets * seriesPerTarget, scrapes, runs, options, start, intervalMillis);
        }
        if (shapes.equals("both") || shapes.equals("node-exporter")) {
            // As many recorded node_exporter targets as give about the same number of series.
            int nodeSeries = new NodeExporterData(1, intervalMillis, start).seriesPerTarget();
            int nodeTargets = Math.max(1, (int) Math.round((double) targets * seriesPerTarget / nodeSeries));
            NodeExporterData recorded = new NodeExporterData(nodeTargets, intervalMillis, start);
            measure("node_exporter", recorded, (long) nodeTargets * nodeSeries, scrapes, runs, options, start, intervalMillis);
        }
    }

    private static void measure(String shape, ScrapeSource data, long series, int scrapes, int runs, HeadOptions options,
            long start, long intervalMillis) throws IOException {
        List<QueueMessage> messages = encodeScrapes(data, scrapes);
        long samples = series * scrapes;
        System.out.printf("ingest benchmark [%s data]: %,d samples over %,d series of %d targets, %d scrapes at 60 s, %,d messages, batches of %d%n",
                shape, samples, series, data.targets(), scrapes, messages.size(), BATCH_SIZE);

        double[] cpuRates = new double[runs];
        double[] wallRates = new double[runs];
        InMemoryHeadStore lastStore = null;
        ingestInto(new InMemoryHeadStore(), options, messages); // warm-up: JIT and caches
        for (int run = 0; run < runs; run++) {
            lastStore = new InMemoryHeadStore();
            Timing timing = ingestInto(lastStore, options, messages);
            cpuRates[run] = samples / timing.cpuSeconds();
            wallRates[run] = samples / timing.wallSeconds();
            System.out.printf("  run %d (in-memory head): %,.0f samples/s per core (CPU time), %,.0f samples/s wall%n",
                    run + 1, cpuRates[run], wallRates[run]);
        }
        HeadStats stats = HeadStats.of(lastStore, options, start, start + scrapes * intervalMillis + 60_000);
        if (stats.samples() != samples) {
            throw new IllegalStateException("head holds " + stats.samples() + " samples, expected " + samples);
        }
        System.out.printf("RESULT [%s] ingest throughput (decode+validate+head encoding, in-memory head): median %,.0f samples/s per core (CPU), %,.0f samples/s wall%n",
                shape, median(cpuRates), median(wallRates));
        System.out.printf("RESULT [%s] head size: %.2f bytes/sample of segment data, %.2f bytes/sample with item keys and attributes (%s)%n",
                shape, stats.bytesPerSample(), stats.itemBytesPerSample(), stats);

        Path directory = Files.createTempDirectory("promless-bench-head");
        try (FileHeadStore fileStore = FileHeadStore.open(directory, FileHeadStore.Durability.PROCESS_CRASH)) {
            Timing timing = ingestInto(fileStore, options, messages);
            System.out.printf("RESULT [%s] ingest throughput with the local file head (process-crash durability): %,.0f samples/s per core (CPU), %,.0f samples/s wall%n",
                    shape, samples / timing.cpuSeconds(), samples / timing.wallSeconds());
        } finally {
            deleteRecursively(directory);
        }
    }

    /** Encodes every scrape as the scrape function does: one appender per target scrape, sent to a queue. */
    static List<QueueMessage> encodeScrapes(ScrapeSource data, int scrapes) {
        InMemoryMessageQueue queue = new InMemoryMessageQueue();
        QueueAppendable sink = new QueueAppendable(queue, new InMemoryObjectStore());
        for (int scrape = 0; scrape < scrapes; scrape++) {
            for (int target = 0; target < data.targets(); target++) {
                ScrapeSource.Scrape one = data.scrape(target, scrape);
                Appender appender = sink.appender();
                for (int series = 0; series < one.labels().size(); series++) {
                    appender.append(one.labels().get(series), one.timestamp(), one.values()[series]);
                }
                appender.commit();
            }
        }
        return queue.receive(Integer.MAX_VALUE, Duration.ZERO);
    }

    private static Timing ingestInto(HeadStore store, HeadOptions options, List<QueueMessage> messages) {
        IngestService ingest = new IngestService(new SegmentHeadWriter(store, options), new InMemoryObjectStore());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (int from = 0; from < messages.size(); from += BATCH_SIZE) {
            BatchResult result = ingest.ingest(messages.subList(from, Math.min(messages.size(), from + BATCH_SIZE)));
            if (!result.allSucceeded()) {
                throw new IllegalStateException("ingest failed: " + result.failures());
            }
        }
        return new Timing((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9, (System.nanoTime() - wallStart) / 1e9);
    }

    private record Timing(double cpuSeconds, double wallSeconds) {}

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Head layout from the defaults, adjustable with --metric-groups, --shards, --series-per-shard. */
    static HeadOptions headOptions(String[] args) {
        HeadOptions defaults = HeadOptions.defaults();
        return defaults.withMetricGroups(intArg(args, "--metric-groups", defaults.metricGroups()))
                .withShardCount(intArg(args, "--shards", defaults.shardCount()))
                .withSeriesPerShard(intArg(args, "--series-per-shard", defaults.seriesPerShard()));
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return Integer.parseInt(args[i + 1]);
            }
            if (args[i].startsWith(name + "=")) {
                return Integer.parseInt(args[i].substring(name.length() + 1));
            }
        }
        return fallback;
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.forEach(paths::add);
        }
        paths.sort(Comparator.reverseOrder());
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
