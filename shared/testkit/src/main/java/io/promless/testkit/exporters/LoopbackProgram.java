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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program from Debian's packages started on a free loopback port for a test: found through an
 * environment variable, the usual install paths or the PATH; started once its HTTP readiness
 * path answers 200; stopped on close. Fails, never skips, when the program is missing.
 */
final class LoopbackProgram implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final int port;

    private LoopbackProgram(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * @param name how messages call the program, e.g. {@code node_exporter}
     * @param binaryVariable the environment variable that may name the program
     * @param paths absolute paths tried after the variable
     * @param commands names looked up on the PATH last
     * @param debianPackage what the README's test command installs
     * @param readyPath the HTTP path that answers 200 once the program serves
     * @param arguments arguments after {@code --web.listen-address=127.0.0.1:<port>}
     */
    static LoopbackProgram start(String name, String binaryVariable, List<String> paths, List<String> commands,
            String debianPackage, String readyPath, List<String> arguments) {
        Path binary = find(binaryVariable, paths, commands).orElseThrow(() -> new IllegalStateException(
                name + " not found (looked at $" + binaryVariable + ", " + String.join(", ", paths) + " and the PATH); "
                        + "run the README's test command, which installs Debian's " + debianPackage));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--web.listen-address=127.0.0.1:" + port));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            LoopbackProgram program = new LoopbackProgram(name, process, port);
            program.awaitReady(readyPath);
            return program;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary, e);
        }
    }

    /** host:port, as a static_configs target. */
    String address() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady(String readyPath) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + readyPath)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with status " + process.exitValue());
                }
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        close();
        throw new IllegalStateException(name + " did not answer on " + address() + " within " + READY_TIMEOUT);
    }

    private static Optional<Path> find(String binaryVariable, List<String> paths, List<String> commands) {
        String configured = System.getenv(binaryVariable);
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        for (String candidate : paths) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(java.io.File.pathSeparator)) {
                for (String command : commands) {
                    Path candidate = Path.of(directory, command);
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
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
