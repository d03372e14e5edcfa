package io.promless.api;

/**
 * Prometheus's CORS headers for API answers, with its default {@code --web.cors.origin=.*}:
 * added only when the request carries an Origin.
 */
final class Cors {
    private Cors() {}

    static ApiResponse apply(ApiRequest request, ApiResponse response) {
        if (request.header("Origin").filter(origin -> !origin.isEmpty()).isEmpty()) {
            return response;
        }
        return response.withHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin")
                .withHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .withHeader("Access-Control-Expose-Headers", "Date")
                .withHeader("Vary", "Origin")
                .withHeader("Access-Control-Allow-Origin", "*");
    }
}
