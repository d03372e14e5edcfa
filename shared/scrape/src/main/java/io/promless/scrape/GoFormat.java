package io.promless.scrape;

import java.nio.charset.StandardCharsets;

/** The bits of Go's fmt that Prometheus's scrape error texts use: %.50s and %q. */
final class GoFormat {
    private GoFormat() {}

    /** {@code %.Ns}: at most {@code maxRunes} code points. */
    static String truncate(String text, int maxRunes) {
        if (text.codePointCount(0, text.length()) <= maxRunes) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxRunes));
    }

    static int byteLength(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code %q} for printable text: double quotes, with quotes, backslashes and controls escaped. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(codePoint -> {
            switch (codePoint) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (codePoint < 0x20 || codePoint == 0x7f) {
                        quoted.append(String.format("\\x%02x", codePoint));
                    } else {
                        quoted.appendCodePoint(codePoint);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
