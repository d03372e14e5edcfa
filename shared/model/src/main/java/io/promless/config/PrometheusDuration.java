package io.promless.config;

import java.time.Duration;

/**
 * Prometheus's duration syntax: units {@code y w d h m s ms}, each at most once and in that
 * order, integer amounts only, no sign ({@code 1h30m}, {@code 500ms}, {@code 0}). A year is
 * 365 days, a week 7 days.
 */
public final class PrometheusDuration {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
    };

    private PrometheusDuration() {}

    /** @throws ConfigException {@code not a valid duration string: "x"} ({@code empty duration string} for "") */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new ConfigException("empty duration string");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        long totalMillis = 0;
        int position = 0;
        int nextUnit = 0;
        while (position < text.length()) {
            int digitsStart = position;
            while (position < text.length() && Character.isDigit(text.charAt(position)) && text.charAt(position) < 128) {
                position++;
            }
            if (position == digitsStart) {
                throw invalid(text);
            }
            String digits = text.substring(digitsStart, position);
            int unitIndex = matchUnit(text, position, nextUnit);
            if (unitIndex < 0) {
                throw invalid(text);
            }
            position += UNITS[unitIndex].length();
            nextUnit = unitIndex + 1;
            long amount;
            try {
                amount = Long.parseLong(digits);
                totalMillis = Math.addExact(totalMillis, Math.multiplyExact(amount, UNIT_MILLIS[unitIndex]));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new ConfigException("not a valid duration string: \"" + text + "\": duration out of range");
            }
        }
        return Duration.ofMillis(totalMillis);
    }

    private static int matchUnit(String text, int position, int firstAllowed) {
        // "ms" must be tried before "m" so 500ms is not read as 500m followed by garbage.
        if (text.startsWith("ms", position) && firstAllowed <= 6) {
            return 6;
        }
        for (int unit = firstAllowed; unit < 6; unit++) {
            if (text.startsWith(UNITS[unit], position)) {
                return unit;
            }
        }
        return -1;
    }

    private static ConfigException invalid(String text) {
        return new ConfigException("not a valid duration string: \"" + text + "\"");
    }

    /** The shortest Prometheus spelling, e.g. {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        for (int unit = 0; unit < UNITS.length; unit++) {
            long amount = millis / UNIT_MILLIS[unit];
            if (amount > 0) {
                out.append(amount).append(UNITS[unit]);
                millis -= amount * UNIT_MILLIS[unit];
            }
        }
        return out.toString();
    }
}
