package io.promless.benchmarks;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.exposition.ExpositionFormat;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.Labels;
import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import io.promless.remote.QueueAppendable;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeResult;
import io.promless.scrape.ScrapeService;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One scrape shard at scale: {@code --targets} local HTTP targets (default 1,000) of about
 * {@code --series} series each (default 1,000), served by {@link ScrapeTargetServer} in a child
 * JVM, all scraped in one round by the real engine (HTTP client, text parser, target labels,
 * staleness tracking) into {@code --sink counting} (an appender that only counts) or
 * {@code --sink queue} (the scrape function's QueueAppendable: remote-write encoding and snappy,
 * into a queue that discards the messages), or both (default). Prints the median round duration
 * of {@code --rounds} rounds after {@code --warmup} rounds, samples per second, the process CPU
 * per round, heap retained between rounds and peak heap, and each round's share of a 15 s and a
 * 60 s interval: a shard keeps up when its round takes well under its interval.
 */
public final class ScrapeBenchmark {
    private ScrapeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int targets = Integer.parseInt(ScrapeTargetServer.argument(args, "--targets", "1000"));
        int series = Integer.parseInt(ScrapeTargetServer.argument(args, "--series", "1000"));
        int rounds = Integer.parseInt(ScrapeTargetServer.argument(args, "--rounds", "5"));
        int warmup = Integer.parseInt(ScrapeTargetServer.argument(args, "--warmup", "2"));
        int ports = Integer.parseInt(ScrapeTargetServer.argument(args, "--ports", "4"));
        String sinks = ScrapeTargetServer.argument(args, "--sink", "both");

        Process server = startTargets(ports, series);
        try {
            List<Integer> listening = awaitReady(server);
            PrometheusConfig config = config(targets, listening);
            System.out.printf("scrape benchmark: %,d targets x ~%,d series on %d local ports, %d warm-up + %d measured rounds, %d cores%n",
                    targets, series, ports, warmup, rounds, Runtime.getRuntime().availableProcessors());
            if (sinks.equals("both") || sinks.equals("counting")) {
                measure("counting appender", new CountingAppendable(), config, targets, warmup, rounds);
            }
            if (sinks.equals("both") || sinks.equals("queue")) {
                DiscardingQueue queue = new DiscardingQueue();
                measure("QueueAppendable (remote-write + snappy)", new QueueAppendable(queue, new InMemoryObjectStore()),
                        config, targets, warmup, rounds);
                System.out.printf("  queue: %,d messages, %.1f MiB of message bodies per round%n",
                        queue.messages.sum() / (warmup + rounds), queue.bytes.sum() / (warmup + rounds) / 1048576.0);
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void measure(String sinkName, Appendable sink, PrometheusConfig config, int targets, int warmup, int rounds) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long now = 1_767_225_600_000L;
        double[] wallMillis = new double[rounds];
        double[] cpuMillis = new double[rounds];
        long samplesPerRound = 0;
        try (ScrapeEngine engine = new ScrapeEngine(sink, type -> ExpositionFormat.fromContentType(type).parser())) {
            ScrapeService service = new ScrapeService(config, engine);
            for (int round = 0; round < warmup + rounds; round++) {
                if (round == warmup) {
                    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
                }
                long cpuBefore = os.getProcessCpuTime();
                long start = System.nanoTime();
                List<ScrapeResult> results = service.scrapeAll(now);
                long wall = System.nanoTime() - start;
                long cpu = os.getProcessCpuTime() - cpuBefore;
                now += 15_000;
                long down = results.stream().filter(result -> !result.up()).count();
                if (down > 0) {
                    String error = results.stream().filter(result -> !result.up()).findFirst().flatMap(ScrapeResult::error).orElse("");
                    throw new IllegalStateException(down + " of " + results.size() + " targets down, e.g. " + error);
                }
                samplesPerRound = results.stream().mapToLong(ScrapeResult::samplesPostMetricRelabeling).sum();
                if (round >= warmup) {
                    wallMillis[round - warmup] = wall / 1e6;
                    cpuMillis[round - warmup] = cpu / 1e6;
                }
            }
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.gc();
            long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            double medianWall = median(wallMillis);
            double medianCpu = median(cpuMillis);
            System.out.printf("%s: rounds %s ms%n", sinkName, Arrays.toString(Arrays.stream(wallMillis).mapToLong(Math::round).toArray()));
            System.out.printf("RESULT scrape [%s] round median %.0f ms for %,d targets, %,d samples: %,.0f samples/s%n",
                    sinkName, medianWall, targets, samplesPerRound, samplesPerRound / (medianWall / 1000));
            System.out.printf("RESULT scrape [%s] CPU %.0f ms per round (%.2f cores busy during the round), %.2f µs CPU per sample%n",
                    sinkName, medianCpu, medianCpu / medianWall, medianCpu * 1000 / samplesPerRound);
            System.out.printf("RESULT scrape [%s] heap retained between rounds %.0f MiB (per-target state), peak %.0f MiB%n",
                    sinkName, retained / 1048576.0, peakHeap / 1048576.0);
            for (Duration interval : List.of(Duration.ofSeconds(15), Duration.ofSeconds(60))) {
                System.out.printf("RESULT scrape [%s] round takes %.1f %% of a %d s interval%n",
                        sinkName, 100 * medianWall / interval.toMillis(), interval.toSeconds());
            }
            if (service.targets().size() != targets) {
                throw new IllegalStateException("expected " + targets + " targets, got " + service.targets().size());
            }
        }
    }

    private static PrometheusConfig config(int targets, List<Integer> ports) {
        StringBuilder yaml = new StringBuilder("""
                scrape_configs:
                  - job_name: bench
                    scrape_interval: 15s
                    scrape_timeout: 10s
                    static_configs:
                """);
        for (int i = 0; i < targets; i++) {
            yaml.append("      - {targets: ['127.0.0.1:").append(ports.get(i % ports.size()))
                    .append("'], labels: {__metrics_path__: '/metrics/").append(i).append("', instance: 'bench-").append(i).append("'}}\n");
        }
        return new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml.toString(), null);
    }

    private static Process startTargets(int ports, int series) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                ScrapeTargetServer.class.getName(), "--ports", String.valueOf(ports), "--series", String.valueOf(series))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static List<Integer> awaitReady(Process server) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (line == null || !line.startsWith("READY ")) {
            throw new IllegalStateException("the target server did not start: " + line);
        }
        List<Integer> ports = new ArrayList<>();
        for (String port : line.substring("READY ".length()).split(",")) {
            ports.add(Integer.parseInt(port));
        }
        return ports;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Counts what would be stored; thread-safe. */
    private static final class CountingAppendable implements Appendable {
        final LongAdder samples = new LongAdder();

        @Override
        public Appender appender() {
            return new Appender() {
                private long pending;

                @Override
                public void append(Labels labels, long timestamp, double value) {
                    pending++;
                }

                @Override
                public void commit() {
                    samples.add(pending);
                }

                @Override
                public void rollback() {
                    pending = 0;
                }
            };
        }
    }

    /** A queue that counts and drops what is sent: the benchmark measures the scrape side only. */
    private static final class DiscardingQueue implements MessageQueue {
        final LongAdder messages = new LongAdder();
        final LongAdder bytes = new LongAdder();

        @Override
        public String send(String body, Map<String, String> attributes) {
            messages.increment();
            bytes.add(body.length());
            return "m" + messages.sum();
        }

        @Override
        public int maxMessageBytes() {
            return 1024 * 1024;
        }

        @Override
        public List<QueueMessage> receive(int max, Duration wait) {
            return List.of();
        }

        @Override
        public void acknowledge(QueueMessage message) {}

        @Override
        public long depth() {
            return 0;
        }
    }
}
