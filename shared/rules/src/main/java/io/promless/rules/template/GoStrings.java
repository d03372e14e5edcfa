package io.promless.rules.template;

/** Go string and rune literals: {@code "..."} with escapes, {@code `raw`} and {@code 'c'}. */
final class GoStrings {
    private GoStrings() {}

    static String unquote(String literal) {
        char quote = literal.charAt(0);
        String body = literal.substring(1, literal.length() - 1);
        if (quote == '`') {
            return body.replace("\r", "");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw new TemplateException("invalid syntax: " + literal);
            }
            char escape = body.charAt(i);
            switch (escape) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\', '\'', '"' -> out.append(escape);
                case 'x' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    out.appendCodePoint(Integer.parseInt(body.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> {
                    if (escape >= '0' && escape <= '7') {
                        out.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw new TemplateException("invalid syntax: " + literal);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Go's %q of a string (strconv.Quote), for ASCII and printable Unicode. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
