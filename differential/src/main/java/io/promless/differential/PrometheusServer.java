package io.promless.differential;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Debian's {@code prometheus} (2.42) serving a {@link Dataset}: the data is written as OpenMetrics,
 * turned into TSDB blocks by {@code promtool tsdb create-blocks-from openmetrics}, and Prometheus
 * is started over those blocks on a free loopback port with no scrape targets and a retention
 * long enough to keep them. {@link #close()} stops the process.
 *
 * <p>The programs are found through the system properties {@code promless.prometheus} and
 * {@code promless.promtool}, then the environment variables {@code PROMLESS_PROMETHEUS} and
 * {@code PROMLESS_PROMTOOL}, then {@code /usr/bin} and the PATH. When they are missing,
 * {@link #start} fails with a message naming the Debian package.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PrometheusServer.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROMTOOL_TIMEOUT = Duration.ofMinutes(3);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final URI baseUri;
    private final Path logFile;
    private final Thread stopOnExit;

    private PrometheusServer(Process process, URI baseUri, Path logFile) {
        this.process = process;
        this.baseUri = baseUri;
        this.logFile = logFile;
        // A JVM stopped without close() (Ctrl-C on the benchmark) must not leave Prometheus running.
        this.stopOnExit = new Thread(process::destroy, "stop-prometheus");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Loads the dataset and starts Prometheus; returns once {@code /-/ready} answers 200.
     *
     * @param workDirectory an empty directory for the OpenMetrics file, the TSDB, the config and the log
     * @throws IllegalStateException when the programs are missing, promtool fails or Prometheus does not get ready
     */
    public static PrometheusServer start(Dataset dataset, Path workDirectory) {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(workDirectory, "workDirectory is null");
        Path prometheus = program("prometheus", "promless.prometheus", "PROMLESS_PROMETHEUS");
        Path promtool = program("promtool", "promless.promtool", "PROMLESS_PROMTOOL");
        try {
            Files.createDirectories(workDirectory);
            Path openMetrics = workDirectory.resolve("data.om");
            try (BufferedWriter out = Files.newBufferedWriter(openMetrics, StandardCharsets.UTF_8)) {
                OpenMetricsWriter.write(dataset, out);
            }
            Path tsdb = workDirectory.resolve("tsdb");
            createBlocks(promtool, openMetrics, tsdb, workDirectory.resolve("promtool.log"));
            Path config = workDirectory.resolve("prometheus.yml");
            // No scrape targets: the blocks are the only data. The evaluation interval is also the
            // step of subqueries written without one ([5m:]); 1m is Prometheus's and Promless's default.
            Files.writeString(config, "global:\n  evaluation_interval: 1m\n", StandardCharsets.UTF_8);
            Path log = workDirectory.resolve("prometheus.log");
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freePort();
                Process process = new ProcessBuilder(List.of(prometheus.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + tsdb,
                        "--storage.tsdb.retention.time=100y",
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn"))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
                try {
                    server.awaitReady();
                    return server;
                } catch (IllegalStateException e) {
                    // Another process may have taken the port between choosing and binding it.
                    server.close();
                    last = e;
                    LOG.warning("Prometheus did not start on port " + port + " (attempt " + attempt + "): " + e.getMessage());
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Prometheus in " + workDirectory + ": " + e.getMessage(), e);
        }
    }

    /** Where the HTTP API answers, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook stops the process.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void createBlocks(Path promtool, Path openMetrics, Path tsdb, Path log) throws IOException {
        Process process = new ProcessBuilder(List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                openMetrics.toString(), tsdb.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(PROMTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool create-blocks-from did not finish within " + PROMTOOL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while promtool was creating blocks", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("promtool tsdb create-blocks-from openmetrics failed with exit code "
                    + process.exitValue() + ": " + tail(log));
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with code " + process.exitValue() + ": " + tail(logFile));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Prometheus", e);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("prometheus was not ready within " + READY_TIMEOUT + ": " + tail(logFile));
    }

    /** Finds a program from the system property, the environment variable, /usr/bin or the PATH. */
    static Path program(String name, String property, String environment) {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(environment);
        }
        List<Path> directories = new ArrayList<>();
        directories.add(Path.of("/usr/bin"));
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                directories.add(Path.of(directory));
            }
        }
        return locate(name, configured, property + " / " + environment, directories);
    }

    /**
     * The configured program when one is configured (it must be executable), otherwise the first
     * executable {@code name} in {@code directories}; fails naming the Debian package.
     */
    static Path locate(String name, String configured, String configuredBy, List<Path> directories) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isExecutable(path) && !Files.isDirectory(path)) {
                return path;
            }
            throw new IllegalStateException(name + " is not an executable file at " + path + " (from " + configuredBy + ")");
        }
        for (Path directory : directories) {
            Path candidate = directory.resolve(name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("missing: " + name + " (Debian package 'prometheus'; bin/test installs it,"
                + " or set " + configuredBy + "). The differential test needs Prometheus itself as its reference.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Prometheus", e);
        }
    }
}
