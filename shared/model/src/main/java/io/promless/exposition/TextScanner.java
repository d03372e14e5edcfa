package io.promless.exposition;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Cursor over one scrape body with the pieces both text formats share: quoted strings, escapes,
 * UTF-8 checks and errors that name the line. Works on the bytes; Strings are made only for the
 * finished names and values (through a {@link StringCache}).
 */
abstract class TextScanner {
    private static final int EXCERPT_LIMIT = 160;

    final byte[] in;
    final int end;
    int pos;
    final StringCache strings = new StringCache();
    private byte[] scratch = new byte[64];
    /** Set by {@link #scanQuoted}: whether the string just scanned holds a backslash. */
    boolean quotedHadEscape;
    private Map<String, String> normalizedBounds;

    TextScanner(byte[] in) {
        this.in = in;
        this.end = in.length;
    }

    /** An error at byte offset {@code at}, naming its 1-based line and quoting the line. */
    final ExpositionException error(int at, String message) {
        int clamped = Math.max(0, Math.min(at, end));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < clamped; i++) {
            if (in[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int lineEnd = lineStart;
        while (lineEnd < end && in[lineEnd] != '\n') {
            lineEnd++;
        }
        String text = new String(in, lineStart, Math.min(lineEnd - lineStart, EXCERPT_LIMIT), StandardCharsets.UTF_8);
        StringBuilder excerpt = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                excerpt.append(String.format("\\x%02x", (int) c));
            } else {
                excerpt.append(c);
            }
        }
        if (lineEnd - lineStart > EXCERPT_LIMIT) {
            excerpt.append("...");
        }
        return new ExpositionException("line " + line + ": " + message + " (in \"" + excerpt + "\")");
    }

    /** How a byte reads in an error message. */
    final String describe(int at) {
        if (at >= end) {
            return "end of input";
        }
        int c = in[at] & 0xff;
        return switch (c) {
            case '\n' -> "end of line";
            case ' ' -> "space";
            case '\t' -> "tab";
            default -> c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
        };
    }

    static boolean isMetricNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    static boolean isMetricNameChar(byte c) {
        return isMetricNameStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isLabelNameStart(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isLabelNameChar(byte c) {
        return isLabelNameStart(c) || (c >= '0' && c <= '9');
    }

    /** Index just past the run of metric-name characters starting at {@code from}. */
    final int scanMetricName(int from) {
        int i = from;
        while (i < end && isMetricNameChar(in[i])) {
            i++;
        }
        return i;
    }

    final int scanLabelName(int from) {
        int i = from;
        while (i < end && isLabelNameChar(in[i])) {
            i++;
        }
        return i;
    }

    /** Index of the next line feed at or after {@code from}, or {@link #end}. */
    final int lineEnd(int from) {
        int i = from;
        while (i < end && in[i] != '\n') {
            i++;
        }
        return i;
    }

    /**
     * Scans a double-quoted string whose opening quote is at {@code openQuote} and returns the index
     * of its closing quote. A backslash escapes the next character, which must not be a line feed;
     * a raw line feed inside the quotes is allowed only when {@code allowRawNewline}. The content
     * must be valid UTF-8.
     */
    final int scanQuoted(int openQuote, boolean allowRawNewline) throws ExpositionException {
        int i = openQuote + 1;
        boolean escape = false;
        boolean nonAscii = false;
        while (true) {
            if (i >= end) {
                throw error(openQuote, "unterminated quoted string");
            }
            byte c = in[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escape = true;
                if (i + 1 >= end || in[i + 1] == '\n') {
                    throw error(openQuote, "backslash at the end of a line in a quoted string");
                }
                if (in[i + 1] < 0) {
                    nonAscii = true;
                }
                i += 2;
                continue;
            }
            if (c == '\n' && !allowRawNewline) {
                throw error(openQuote, "unterminated quoted string (line feeds must be escaped as \\n)");
            }
            if (c < 0) {
                nonAscii = true;
            }
            i++;
        }
        if (nonAscii && Utf8.firstInvalid(in, openQuote + 1, i) >= 0) {
            throw error(openQuote, "quoted string is not valid UTF-8");
        }
        quotedHadEscape = escape;
        return i;
    }

    /**
     * Decodes a quoted string body: {@code \\}, {@code \"} and {@code \n} are escapes; any other
     * backslash is kept as written (Prometheus and OpenMetrics both read it so).
     */
    final String decodeQuoted(int from, int to, boolean hadEscape) {
        if (!hadEscape) {
            return strings.get(in, from, to);
        }
        return unescape(from, to, true);
    }

    /** Decodes HELP text; the quote escape applies only where {@code unescapeQuote} (OpenMetrics). */
    final String decodeHelp(int from, int to, boolean unescapeQuote) {
        for (int i = from; i < to; i++) {
            if (in[i] == '\\') {
                return unescape(from, to, unescapeQuote);
            }
        }
        return new String(in, from, to - from, StandardCharsets.UTF_8);
    }

    private String unescape(int from, int to, boolean unescapeQuote) {
        if (scratch.length < to - from) {
            scratch = new byte[Math.max(to - from, scratch.length * 2)];
        }
        int length = 0;
        int i = from;
        while (i < to) {
            byte c = in[i];
            if (c == '\\' && i + 1 < to) {
                byte next = in[i + 1];
                if (next == '\\' || next == 'n' || (next == '"' && unescapeQuote)) {
                    scratch[length++] = next == 'n' ? (byte) '\n' : next;
                    i += 2;
                    continue;
                }
            }
            scratch[length++] = c;
            i++;
        }
        return strings.get(scratch, 0, length);
    }

    /**
     * Prometheus 3 rewrites {@code le} and {@code quantile} values that are numbers into one
     * canonical spelling ({@code 1} becomes {@code 1.0}) so text and protobuf scrapes agree.
     */
    final String normalizeBound(String raw) {
        if (normalizedBounds == null) {
            normalizedBounds = new HashMap<>();
        }
        String cached = normalizedBounds.get(raw);
        if (cached != null) {
            return cached;
        }
        String normalized = raw;
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        try {
            normalized = Numbers.formatOpenMetricsFloat(Numbers.parseFloat(bytes, 0, bytes.length));
        } catch (Numbers.InvalidNumberException notANumber) {
            // Not a number: Prometheus keeps the value as written.
        }
        normalizedBounds.put(raw, normalized);
        return normalized;
    }

    /** Whether the bytes at {@code at} spell {@code ascii}. */
    final boolean startsWith(int at, String ascii) {
        if (at + ascii.length() > end) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (in[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes[from, to)} spells {@code ascii} exactly. */
    final boolean equalsAscii(int from, int to, String ascii) {
        return to - from == ascii.length() && startsWith(from, ascii);
    }
}
