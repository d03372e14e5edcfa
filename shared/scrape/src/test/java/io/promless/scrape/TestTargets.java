package io.promless.scrape;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * Real HTTP targets on a loopback port: each path serves a fixed body, status and delay, and
 * the last request headers per path are kept for assertions.
 */
final class TestTargets implements AutoCloseable {
    record Route(int status, String contentType, String body, long delayMillis, boolean gzip, String requiredAuthorization) {
        static Route ok(String body) {
            return new Route(200, "text/plain; version=0.0.4; charset=utf-8", body, 0, false, null);
        }

        Route delayed(long millis) {
            return new Route(status, contentType, body, millis, gzip, requiredAuthorization);
        }

        Route gzipped() {
            return new Route(status, contentType, body, delayMillis, true, requiredAuthorization);
        }

        Route requiring(String authorization) {
            return new Route(status, contentType, body, delayMillis, gzip, authorization);
        }

        Route withContentType(String type) {
            return new Route(status, type, body, delayMillis, gzip, requiredAuthorization);
        }
    }

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, List<String>>> lastHeaders = new ConcurrentHashMap<>();
    private final Map<String, String> lastQuery = new ConcurrentHashMap<>();

    TestTargets() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    TestTargets route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    Map<String, List<String>> lastHeaders(String path) {
        return lastHeaders.get(path);
    }

    String lastQuery(String path) {
        return lastQuery.get(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        lastHeaders.put(path, Map.copyOf(exchange.getRequestHeaders()));
        String query = exchange.getRequestURI().getRawQuery();
        lastQuery.put(path, query == null ? "" : query);
        Route route = routes.get(path);
        try (exchange) {
            if (route == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (route.delayMillis() > 0) {
                try {
                    Thread.sleep(route.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (route.requiredAuthorization() != null
                    && !route.requiredAuthorization().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = route.body().getBytes(StandardCharsets.UTF_8);
            if (route.gzip()) {
                ByteArrayOutputStream compressed = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                    gzip.write(body);
                }
                body = compressed.toByteArray();
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (route.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", route.contentType());
            }
            exchange.sendResponseHeaders(route.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client gave up (a timeout test); nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
