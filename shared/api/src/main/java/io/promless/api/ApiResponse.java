package io.promless.api;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response, independent of the transport that sends it.
 *
 * @param status the HTTP status code
 * @param headers single-valued headers in insertion order
 * @param body the response body bytes; shared, not copied: do not modify
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {
    public ApiResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(headers, "headers is null")));
        body = requireNonNull(body, "body is null");
    }

    /** The body decoded as UTF-8, for logs and tests. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A copy with one header added or replaced. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
        return new ApiResponse(status, copy, body);
    }
}
