package io.promless.api;

/**
 * Prometheus 3's "values" escaping of UTF-8 names in a URL path segment, as accepted by
 * /api/v1/label/&lt;name&gt;/values: {@code U__} prefix, {@code __} for an underscore and
 * {@code _<hex code point>_} for any other character, e.g. {@code U__http_2e_method} is
 * {@code http.method}. Text that is not a well-formed escape is left as it is, as Prometheus does.
 */
public final class LabelNameEscaping {
    private static final String PREFIX = "U__";

    private LabelNameEscaping() {}

    public static String unescape(String name) {
        if (!name.startsWith(PREFIX)) {
            return name;
        }
        String escaped = name.substring(PREFIX.length());
        StringBuilder out = new StringBuilder(escaped.length());
        int i = 0;
        while (i < escaped.length()) {
            char c = escaped.charAt(i);
            if (c != '_') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= escaped.length()) {
                return name;
            }
            if (escaped.charAt(i) == '_') {
                out.append('_');
                i++;
                continue;
            }
            int codePoint = 0;
            int digits = 0;
            while (i < escaped.length() && escaped.charAt(i) != '_') {
                int digit = Character.digit(escaped.charAt(i), 16);
                // More than six hex digits cannot be a code point (the largest is 10FFFF).
                if (digit < 0 || digits == 6) {
                    return name;
                }
                codePoint = codePoint * 16 + digit;
                digits++;
                i++;
            }
            if (i >= escaped.length() || !isValidCodePoint(codePoint)) {
                return name;
            }
            out.appendCodePoint(codePoint);
            i++;
        }
        return out.toString();
    }

    private static boolean isValidCodePoint(int codePoint) {
        return Character.isValidCodePoint(codePoint)
                && !(codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
    }
}
