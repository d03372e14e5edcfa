package io.promless.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /-/healthy} and {@code /-/ready}, answered with Prometheus's texts, codes and methods (GET, HEAD). */
public final class HealthEndpoints {
    private HealthEndpoints() {}

    public static ApiHandler healthy() {
        return request -> answer(request, 200, "Prometheus Server is Healthy.\n");
    }

    /** Ready once {@code isReady} says so; until then 503, as Prometheus answers while starting. */
    public static ApiHandler ready(BooleanSupplier isReady) {
        requireNonNull(isReady, "isReady is null");
        return request -> isReady.getAsBoolean()
                ? answer(request, 200, "Prometheus Server is Ready.\n")
                : answer(request, 503, "Service Unavailable");
    }

    private static ApiResponse answer(ApiRequest request, int status, String text) {
        return switch (request.method()) {
            case "GET" -> ApiResponses.plainText(status, text);
            case "HEAD" -> new ApiResponse(status, Map.of("Content-Type", ApiResponses.PLAIN_TEXT), new byte[0]);
            default -> ApiResponses.methodNotAllowed("GET, HEAD, OPTIONS");
        };
    }
}
