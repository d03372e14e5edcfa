package io.promless.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (URL query strings and form bodies)
 * with Go's {@code url.ParseQuery} rules: pairs split on {@code &}, {@code +} is a space,
 * a pair with a bad percent escape or a semicolon is skipped and reported, the rest is kept.
 */
public final class FormDecoder {
    private FormDecoder() {}

    /** Decoded pairs in order, and the first problem met, if any. */
    public record Decoded(Map<String, List<String>> values, Optional<String> firstError) {}

    public static Decoded decode(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String firstError = null;
        if (encoded == null || encoded.isEmpty()) {
            return new Decoded(values, Optional.empty());
        }
        int start = 0;
        while (start <= encoded.length()) {
            int end = encoded.indexOf('&', start);
            if (end < 0) {
                end = encoded.length();
            }
            String pair = encoded.substring(start, end);
            start = end + 1;
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawKey = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            if (rawKey.indexOf(';') >= 0) {
                firstError = firstError == null ? "invalid semicolon separator in query" : firstError;
                continue;
            }
            try {
                String key = unescape(rawKey);
                String value = unescape(rawValue);
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                firstError = firstError == null ? e.getMessage() : firstError;
            }
        }
        return new Decoded(values, Optional.ofNullable(firstError));
    }

    /** Percent-decodes with {@code +} as space; throws with Go's message on a bad escape. */
    static String unescape(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    String escape = text.substring(i, Math.min(i + 3, text.length()));
                    throw new IllegalArgumentException("invalid URL escape \"" + escape + "\"");
                }
                bytes.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
