package io.promless.promql.parser;

/** Turns a quoted PromQL (Go-syntax) string token into its value, with Go's escape sequences. */
public final class StringUnquoter {
    private StringUnquoter() {}

    /** @throws IllegalArgumentException with Prometheus's wording for a bad escape */
    public static String unquote(String token) {
        char quote = token.charAt(0);
        String body = token.substring(1, token.length() - 1);
        if (quote == '`') {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            i++;
            char escaped = body.charAt(i);
            switch (escaped) {
                case 'a' -> out.append((char) 7);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append((char) 11);
                case '\\' -> out.append('\\');
                case '\'', '"' -> {
                    if (escaped != quote) {
                        throw new IllegalArgumentException("unknown escape sequence");
                    }
                    out.append(escaped);
                }
                case 'x' -> i = appendBytes(out, body, i, quote);
                case 'u' -> i = appendCodePoint(out, body, i + 1, 4);
                case 'U' -> i = appendCodePoint(out, body, i + 1, 8);
                default -> {
                    if (escaped >= '0' && escaped <= '7') {
                        i = appendBytes(out, body, i, quote);
                    } else {
                        throw new IllegalArgumentException("unknown escape sequence");
                    }
                }
            }
        }
        return out.toString();
    }

    /** Go's \xHH and \ooo escape raw bytes; consecutive ones are decoded together as UTF-8. */
    private static int appendBytes(StringBuilder out, String body, int index, char quote) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int i = index;
        while (true) {
            char kind = body.charAt(i);
            if (kind == 'x') {
                bytes.write(parseDigits(body, i + 1, 2, 16));
                i += 2;
            } else {
                bytes.write(parseDigits(body, i, 3, 8));
                i += 2;
            }
            if (i + 2 < body.length() && body.charAt(i + 1) == '\\'
                    && (body.charAt(i + 2) == 'x' || (body.charAt(i + 2) >= '0' && body.charAt(i + 2) <= '7'))) {
                i += 2;
                continue;
            }
            break;
        }
        byte[] raw = bytes.toByteArray();
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            out.append(decoder.decode(java.nio.ByteBuffer.wrap(raw)));
        } catch (java.nio.charset.CharacterCodingException e) {
            // Not valid UTF-8: keep each byte as a lone surrogate, which name validation rejects.
            for (byte b : raw) {
                out.append((char) (0xDC00 | (b & 0xff)));
            }
        }
        return i;
    }

    private static int appendCodePoint(StringBuilder out, String body, int start, int digits) {
        int codePoint = parseDigits(body, start, digits, 16);
        if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new IllegalArgumentException("invalid Unicode code point");
        }
        out.appendCodePoint(codePoint);
        return start + digits - 1;
    }

    private static int parseDigits(String body, int start, int count, int radix) {
        if (start + count > body.length()) {
            throw new IllegalArgumentException("unknown escape sequence");
        }
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = Character.digit(body.charAt(i), radix);
            if (digit < 0) {
                throw new IllegalArgumentException("unknown escape sequence");
            }
            value = value * radix + digit;
        }
        if (value > 255 && count <= 3) {
            throw new IllegalArgumentException("octal escape value > 255");
        }
        return value;
    }
}
