package io.promless.api.http;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promless.api.ApiHandler;
import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.api.ApiResponses;
import io.promless.api.FormDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local mode's HTTP transport: the JDK's built-in server on a small thread pool, handing
 * every request to one {@link ApiHandler} (usually a {@link io.promless.api.RouteTable}).
 * Thread-safe; {@link #close()} stops accepting, lets running exchanges finish briefly and
 * shuts the pool down.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** Larger bodies get 413: the API's biggest legitimate body is a form of a few kilobytes. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private static final Logger LOG = Logger.getLogger(LocalHttpServer.class.getName());
    private static final int STOP_GRACE_SECONDS = 1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ApiHandler handler;
    private final LongAdder requests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder requestNanos = new LongAdder();

    private LocalHttpServer(HttpServer server, ExecutorService executor, ApiHandler handler) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
    }

    /**
     * Binds and starts serving.
     *
     * @param address e.g. {@code new InetSocketAddress("127.0.0.1", 9090)}; port 0 picks a free port
     * @param threads worker threads handling requests
     * @throws UncheckedIOException when the address cannot be bound
     */
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    public static LocalHttpServer start(InetSocketAddress address, ApiHandler handler, int threads) {
        requireNonNull(address, "address is null");
        requireNonNull(handler, "handler is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        // Without TCP_NODELAY the JDK server's small writes wait for delayed ACKs: 30-45 ms per
        // response, measured by the differential benchmark. The JDK reads this property once,
        // when its server configuration is first loaded; a value set by the user wins.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, workerThreads());
        LocalHttpServer local = new LocalHttpServer(server, executor, handler);
        server.createContext("/", local::exchange);
        server.setExecutor(executor);
        server.start();
        return local;
    }

    /** The bound address, with the real port when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public long requests() {
        return requests.sum();
    }

    /** Requests answered with a 5xx status. */
    public long serverErrors() {
        return serverErrors.sum();
    }

    /** Total time spent computing answers (not sending them), in nanoseconds. */
    public long requestNanos() {
        return requestNanos.sum();
    }

    @Override
    public void close() {
        server.stop(STOP_GRACE_SECONDS);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            long started = System.nanoTime();
            ApiResponse response = respond(exchange);
            // Counted before sending, so a client that has its answer also sees it counted.
            requestNanos.add(System.nanoTime() - started);
            requests.increment();
            if (response.status() >= 500) {
                serverErrors.increment();
            }
            send(exchange, response);
        }
    }

    private ApiResponse respond(HttpExchange exchange) {
        byte[] body;
        try {
            body = readBody(exchange.getRequestBody());
        } catch (IOException e) {
            return ApiResponses.plainText(400, "cannot read request body: " + e.getMessage() + "\n");
        }
        if (body == null) {
            return ApiResponses.plainText(413, "http: request body too large\n");
        }
        ApiRequest request = new ApiRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                FormDecoder.decode(exchange.getRequestURI().getRawQuery()).values(),
                headers(exchange.getRequestHeaders()),
                body);
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "handler failed for " + request.method() + " " + request.path(), e);
            return ApiResponses.plainText(500, "Internal Server Error\n");
        }
    }

    /** The whole body, or null when it exceeds {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static Map<String, List<String>> headers(Headers headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, new ArrayList<>(values)));
        return copy;
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach(headers::set);
        byte[] body = response.body();
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD") || response.status() == 204;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "promless-http-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
