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
import java.util.Map;
import java.util.Optional;

/**
 * A real Pushgateway (Debian's prometheus-pushgateway) on a free loopback port, without a
 * persistence file, as a scrape target for end-to-end tests; {@link #push} puts a group.
 * Fails, never skips, when the program is missing: the README's test command installs it.
 */
public final class PushgatewayProcess implements AutoCloseable {
    public static final String BINARY_VARIABLE = "PROMLESS_PUSHGATEWAY";

    private final Process process;
    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    private PushgatewayProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static PushgatewayProcess start() {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "pushgateway not found (looked at $" + BINARY_VARIABLE + ", /usr/bin/prometheus-pushgateway and the PATH); "
                        + "run the README's test command, which installs Debian's prometheus-pushgateway"));
        int port = freePort();
        try {
            Process process = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            PushgatewayProcess pushgateway = new PushgatewayProcess(process, port);
            pushgateway.awaitReady(Duration.ofSeconds(20));
            return pushgateway;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary, e);
        }
    }

    /** host:port, as a static_configs target. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /**
     * PUTs {@code body} (text format) as the group of {@code job} and the grouping labels, in
     * order (a LinkedHashMap keeps the path order), replacing the group.
     */
    public void push(String job, Map<String, String> groupingLabels, String body) {
        StringBuilder path = new StringBuilder("/metrics/job/").append(job);
        groupingLabels.forEach((name, value) -> path.append('/').append(name).append('/').append(value));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + path))
                .header("Content-Type", "text/plain; version=0.0.4")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("push to " + path + " failed: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("push to " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + "/-/ready")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pushgateway exited with status " + process.exitValue());
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
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("pushgateway did not answer on " + address() + " within " + timeout);
    }

    private static Optional<Path> findBinary() {
        String configured = System.getenv(BINARY_VARIABLE);
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        for (String candidate : List.of("/usr/bin/prometheus-pushgateway", "/usr/local/bin/pushgateway")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(java.io.File.pathSeparator)) {
                for (String name : List.of("prometheus-pushgateway", "pushgateway")) {
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

    @Override
    public void close() {
        client.close();
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
