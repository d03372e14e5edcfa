package io.promless.functions.scrape.state;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback HTTP targets whose bodies (and failures) tests change between scrapes. */
final class StateTestTargets implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();

    StateTestTargets() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = bodies.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    /** Serves the body at the path; null makes the path answer 500. */
    void serve(String path, String body) {
        if (body == null) {
            bodies.remove(path);
        } else {
            bodies.put(path, body);
        }
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
