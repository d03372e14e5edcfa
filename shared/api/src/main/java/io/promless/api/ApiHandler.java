package io.promless.api;

/**
 * Answers one HTTP request. Implementations are thread-safe and never throw: every failure
 * becomes a response (Prometheus's error JSON for API paths).
 */
@FunctionalInterface
public interface ApiHandler {
    ApiResponse handle(ApiRequest request);
}
