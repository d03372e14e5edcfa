package io.promless.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dispatches requests by path: exact paths first, then the longest matching prefix, else Go's
 * plain 404. The local mode composes its server from it ({@code /api/v1/} to
 * {@link PrometheusApi}, {@code /metrics}, {@code /-/healthy}, ...). Immutable and thread-safe.
 */
public final class RouteTable implements ApiHandler {
    private final Map<String, ApiHandler> exact;
    private final List<Map.Entry<String, ApiHandler>> prefixes;

    private RouteTable(Map<String, ApiHandler> exact, List<Map.Entry<String, ApiHandler>> prefixes) {
        this.exact = Map.copyOf(exact);
        this.prefixes = List.copyOf(prefixes);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        ApiHandler handler = exact.get(request.path());
        if (handler != null) {
            return handler.handle(request);
        }
        for (Map.Entry<String, ApiHandler> prefix : prefixes) {
            if (request.path().startsWith(prefix.getKey())) {
                return prefix.getValue().handle(request);
            }
        }
        return ApiResponses.notFound();
    }

    public static final class Builder {
        private final Map<String, ApiHandler> exact = new LinkedHashMap<>();
        private final List<Map.Entry<String, ApiHandler>> prefixes = new ArrayList<>();

        private Builder() {}

        /** Serves exactly this path, e.g. {@code /metrics}. */
        public Builder exact(String path, ApiHandler handler) {
            requireNonNull(path, "path is null");
            requireNonNull(handler, "handler is null");
            if (exact.putIfAbsent(path, handler) != null) {
                throw new IllegalArgumentException("path already routed: " + path);
            }
            return this;
        }

        /** Serves every path that starts with the prefix, e.g. {@code /api/v1/}. */
        public Builder prefix(String prefix, ApiHandler handler) {
            requireNonNull(prefix, "prefix is null");
            requireNonNull(handler, "handler is null");
            if (prefixes.stream().anyMatch(entry -> entry.getKey().equals(prefix))) {
                throw new IllegalArgumentException("prefix already routed: " + prefix);
            }
            prefixes.add(Map.entry(prefix, handler));
            return this;
        }

        public RouteTable build() {
            List<Map.Entry<String, ApiHandler>> longestFirst = new ArrayList<>(prefixes);
            longestFirst.sort(Comparator.comparingInt((Map.Entry<String, ApiHandler> entry) -> entry.getKey().length())
                    .reversed());
            return new RouteTable(exact, longestFirst);
        }
    }
}
