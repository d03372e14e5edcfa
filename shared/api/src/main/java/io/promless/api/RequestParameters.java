package io.promless.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The form values of one request as Go's {@code Request.ParseForm} builds them: for a POST with
 * an {@code application/x-www-form-urlencoded} body the body's values come first, then the URL's,
 * so {@link #first} prefers the body.
 */
public final class RequestParameters {
    /** Go refuses form bodies above 10 MB. */
    static final int MAX_FORM_BODY_BYTES = 10 << 20;

    private final Map<String, List<String>> values;
    private final Optional<String> formError;

    private RequestParameters(Map<String, List<String>> values, Optional<String> formError) {
        this.values = values;
        this.formError = formError;
    }

    public static RequestParameters of(ApiRequest request) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        Optional<String> formError = Optional.empty();
        if (request.method().equals("POST") && isFormBody(request)) {
            if (request.body().length > MAX_FORM_BODY_BYTES) {
                formError = Optional.of("http: POST too large");
            } else {
                FormDecoder.Decoded body = FormDecoder.decode(new String(request.body(), StandardCharsets.UTF_8));
                body.values().forEach((name, list) -> merged.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list));
                formError = body.firstError();
            }
        }
        request.queryParameters()
                .forEach((name, list) -> merged.computeIfAbsent(name, k -> new ArrayList<>()).addAll(list));
        return new RequestParameters(merged, formError);
    }

    private static boolean isFormBody(ApiRequest request) {
        return request.header("Content-Type")
                .map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(type -> type.equals("application/x-www-form-urlencoded"))
                .isPresent();
    }

    /** The first value of a parameter, or "" when absent (Go's {@code FormValue}). */
    public String first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? "" : list.get(0);
    }

    /** Every value of a repeatable parameter such as {@code match[]}, in order. */
    public List<String> all(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /** The first form-body problem, which only some endpoints report (Go's {@code ParseForm} error). */
    public Optional<String> formError() {
        return formError;
    }
}
