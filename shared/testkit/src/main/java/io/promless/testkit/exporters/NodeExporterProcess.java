package io.promless.testkit.exporters;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real node_exporter (Debian's prometheus-node-exporter) on a free loopback port, as a scrape
 * target for end-to-end tests. Fails, never skips, when the program is missing: the README's
 * test command installs it.
 */
public final class NodeExporterProcess implements AutoCloseable {
    public static final String BINARY_VARIABLE = "PROMLESS_NODE_EXPORTER";

    private final Process process;
    private final int port;

    private NodeExporterProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NodeExporterProcess start() {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "node_exporter not found (looked at $" + BINARY_VARIABLE + ", /usr/bin/prometheus-node-exporter and the PATH); "
                        + "run the README's test command, which installs Debian's prometheus-node-exporter"));
        int port = freePort();
        try {
            Process process = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            NodeExporterProcess exporter = new NodeExporterProcess(process, port);
            exporter.awaitReady(Duration.ofSeconds(20));
            return exporter;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary, e);
        }
    }

    /** host:port, as a static_configs target. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + "/metrics")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node_exporter exited with status " + process.exitValue());
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("node_exporter did not answer on " + address() + " within " + timeout);
    }

    private static Optional<Path> findBinary() {
        String configured = System.getenv(BINARY_VARIABLE);
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        for (String candidate : List.of("/usr/bin/prometheus-node-exporter", "/usr/local/bin/node_exporter")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(java.io.File.pathSeparator)) {
                for (String name : List.of("prometheus-node-exporter", "node_exporter")) {
                    Path candidate = Path.of(directory, name);
                    if (Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
