package io.promless.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request, independent of the transport that received it.
 *
 * @param method upper-case HTTP method, e.g. {@code GET}
 * @param path the percent-decoded path, e.g. {@code /api/v1/label/job/values}; routing works on
 *     decoded paths as Go's router does
 * @param queryParameters URL query parameters in request order, repeated names kept (match[])
 * @param headers header values by name; lookups ignore case
 * @param body the raw request body, empty when there is none; shared, not copied: do not modify
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, List<String>> queryParameters,
        Map<String, List<String>> headers,
        byte[] body) {
    public ApiRequest {
        method = requireNonNull(method, "method is null").toUpperCase(Locale.ROOT);
        requireNonNull(path, "path is null");
        queryParameters = copyMultiMap(requireNonNull(queryParameters, "queryParameters is null"), false);
        headers = copyMultiMap(requireNonNull(headers, "headers is null"), true);
        body = requireNonNull(body, "body is null");
    }

    /** A request without headers or body, handy for GETs built in code. */
    public static ApiRequest of(String method, String path, Map<String, List<String>> queryParameters) {
        return new ApiRequest(method, path, queryParameters, Map.of(), new byte[0]);
    }

    /** The first value of a header, ignoring the name's case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Map<String, List<String>> copyMultiMap(Map<String, List<String>> source, boolean ignoreCase) {
        Map<String, List<String>> copy = ignoreCase
                ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER)
                : new LinkedHashMap<>();
        source.forEach((name, values) -> {
            requireNonNull(name, "parameter or header name is null");
            copy.computeIfAbsent(name, key -> new ArrayList<>()).addAll(List.copyOf(values));
        });
        copy.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(copy);
    }
}
