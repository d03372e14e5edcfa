package io.promless.ingest;

import io.promless.local.memory.InMemoryObjectStore;
import io.promless.ports.QueueMessage;
import io.promless.remote.QueueAppendable;
import io.promless.remote.RemoteTimeSeries;
import io.promless.remote.RemoteWriteEncoder;
import io.promless.remote.RemoteWriteRequest;
import io.promless.remote.Snappy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Prints single-thread throughput of base64 + snappy + protobuf decode + validation, with a
 * head writer that only counts. Not a test: run it by hand (main), it prints figures.
 */
public final class IngestThroughput {
    private IngestThroughput() {}

    public static void main(String[] args) {
        run("scrape-shaped: 10k series x 1 sample per message, 100 messages", 100, 10_000, 1);
        run("backfill-shaped: 1k series x 100 samples per message, 10 messages", 10, 1_000, 100);
    }

    private static void run(String name, int messageCount, int seriesPerMessage, int samplesPerSeries) {
        List<QueueMessage> messages = new ArrayList<>();
        for (int m = 0; m < messageCount; m++) {
            List<RemoteTimeSeries> series = new ArrayList<>();
            for (int s = 0; s < seriesPerMessage; s++) {
                long[] timestamps = new long[samplesPerSeries];
                double[] values = new double[samplesPerSeries];
                for (int i = 0; i < samplesPerSeries; i++) {
                    timestamps[i] = 1_700_000_000_000L + m * 60_000L + i * 15_000L;
                    values[i] = s * 1.5 + i;
                }
                series.add(new RemoteTimeSeries(
                        new String[] {"__name__", "cpu", "instance", "job", "mode"},
                        new String[] {"node_cpu_seconds_total", Integer.toString(s % 64),
                            "host-" + (s / 64) + ":9100", "node", "idle"},
                        timestamps, values, true));
            }
            byte[] body = Snappy.compress(RemoteWriteEncoder.encode(RemoteWriteRequest.of(series, List.of())));
            messages.add(new QueueMessage("m-" + m, Base64.getEncoder().encodeToString(body),
                    QueueAppendable.remoteWriteAttributes(), "r"));
        }
        long[] written = new long[1];
        IngestService service = new IngestService(
                (batchId, series) -> series.forEach(s -> written[0] += s.size()), new InMemoryObjectStore());
        for (int warmup = 0; warmup < 5; warmup++) {
            service.ingest(messages);
        }
        int rounds = 5;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean system =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long processCpuStart = system.getProcessCpuTime();
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            service.ingest(messages);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double processCpuSeconds = (system.getProcessCpuTime() - processCpuStart) / 1e9;
        long samples = (long) rounds * messageCount * seriesPerMessage * samplesPerSeries;
        // Thread CPU time gives the per-core rate even on a busy machine; wall time is shown too.
        // Process CPU also charges the garbage collector and JIT threads.
        System.out.printf("%s: %.2f M samples/s per core by thread CPU, %.2f by process CPU"
                        + " (%d samples, %.2f s thread CPU, %.2f s process CPU, %.2f s wall)%n",
                name, samples / cpuSeconds / 1e6, samples / processCpuSeconds / 1e6,
                samples, cpuSeconds, processCpuSeconds, seconds);
    }
}
