package io.promless.promql.ast;

/** Prometheus duration strings ({@code 1h30m}, {@code 500ms}) to and from milliseconds. */
public final class Durations {
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private Durations() {}

    /** Parses a duration the lexer already validated; units must not repeat or go backwards. */
    public static long parse(String text) {
        long total = 0;
        int position = 0;
        int lastUnit = -1;
        while (position < text.length()) {
            int digitsStart = position;
            while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '_')) {
                position++;
            }
            long amount = Long.parseLong(text.substring(digitsStart, position).replace("_", ""));
            int unit = unitAt(text, position);
            if (unit <= lastUnit) {
                throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
            }
            lastUnit = unit;
            position += UNIT_NAMES[unit].length();
            total = Math.addExact(total, Math.multiplyExact(amount, UNIT_MILLIS[unit]));
        }
        return total;
    }

    private static int unitAt(String text, int position) {
        if (text.startsWith("ms", position)) {
            return 6;
        }
        char c = text.charAt(position);
        for (int i = 0; i < UNIT_NAMES.length; i++) {
            if (UNIT_NAMES[i].length() == 1 && UNIT_NAMES[i].charAt(0) == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
    }

    /** Formats like Prometheus: largest units first, zero units omitted, {@code 0s} for zero. */
    public static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (millis < 0) {
            out.append('-');
            millis = -millis;
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long amount = millis / UNIT_MILLIS[i];
            if (amount > 0) {
                out.append(amount).append(UNIT_NAMES[i]);
                millis -= amount * UNIT_MILLIS[i];
            }
        }
        return out.toString();
    }
}
