package io.promless.testkit.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The AWS emulator the tests talk to, found once per JVM:
 * <ol>
 *   <li>{@code AWS_ENDPOINT_URL}, when set, names a running emulator;
 *   <li>else a moto server executable, given by {@code PROMLESS_MOTO_SERVER} or found at
 *       {@code <repo>/.venv/bin/moto_server} (repo = system property {@code promless.repo.dir}),
 *       is started on a free loopback port and stopped by a shutdown hook;
 *   <li>else it fails with a message saying how to install moto. It never skips a test.
 * </ol>
 */
public final class AwsEmulator {
    public static final String MOTO_SERVER_VARIABLE = "PROMLESS_MOTO_SERVER";
    public static final String REPO_DIR_PROPERTY = "promless.repo.dir";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static AwsEndpoint shared;

    private AwsEmulator() {}

    /** The emulator for this JVM, starting moto server on first use. */
    public static synchronized AwsEndpoint endpoint() {
        if (shared == null) {
            shared = AwsEndpoint.withTestCredentials(locate());
        }
        return shared;
    }

    private static URI locate() {
        String configured = System.getenv("AWS_ENDPOINT_URL");
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured.strip());
        }
        Path motoServer = motoServerExecutable(System.getenv(), System.getProperty(REPO_DIR_PROPERTY));
        return startMotoServer(motoServer);
    }

    /** The moto_server program to start, from the environment or the repository's .venv. */
    static Path motoServerExecutable(java.util.Map<String, String> environment, String repoDir) {
        String fromEnvironment = environment.get(MOTO_SERVER_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            Path path = Path.of(fromEnvironment.strip());
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(MOTO_SERVER_VARIABLE + "=" + path + " is not an executable file");
            }
            return path;
        }
        Path inRepo = repoDir == null ? null : Path.of(repoDir, ".venv", "bin", "moto_server");
        if (inRepo != null && Files.isExecutable(inRepo)) {
            return inRepo;
        }
        throw new IllegalStateException("""
                No AWS emulator for the AWS tests: AWS_ENDPOINT_URL is not set, %s is not set, and \
                %s does not exist. Run the test command from the README, which installs moto[server] \
                into .venv (or: python3 -m venv .venv && .venv/bin/pip install 'moto[server]'), \
                then run the tests again.""".formatted(MOTO_SERVER_VARIABLE,
                inRepo == null ? "<repo>/.venv/bin/moto_server (system property " + REPO_DIR_PROPERTY + " unset)" : inRepo));
    }

    private static URI startMotoServer(Path executable) {
        int port = freeLoopbackPort();
        Path log;
        Process process;
        try {
            log = Files.createTempFile("moto-server-", ".log");
            process = new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto server " + executable, e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "moto-server-stop"));
        URI uri = URI.create("http://127.0.0.1:" + port);
        waitUntilAnswering(uri, process, log);
        return uri;
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static void waitUntilAnswering(URI uri, Process process, Path log) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto server exited with status " + process.exitValue()
                        + " before answering; its output:\n" + tail(log));
            }
            if (answers(uri)) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto server", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("moto server did not answer on " + uri + " within " + STARTUP_TIMEOUT
                + "; its output:\n" + tail(log));
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2_000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
