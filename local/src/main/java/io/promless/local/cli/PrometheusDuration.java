package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Durations written as Prometheus writes them: units {@code y w d h m s ms}, each at most once
 * and largest first ({@code 1d12h}, {@code 90s}, {@code 15d}), or a bare {@code 0}. A year is
 * 365 days and a week 7 days, as in Prometheus.
 */
public final class PrometheusDuration {
    // Years and weeks are written only when they divide the rest exactly: 15d, not 2w1d.
    private record Unit(String symbol, long millis, boolean onlyWhenExact) {}

    private static final List<Unit> UNITS = List.of(
            new Unit("y", 365L * 24 * 3600 * 1000, true),
            new Unit("w", 7L * 24 * 3600 * 1000, true),
            new Unit("d", 24L * 3600 * 1000, false),
            new Unit("h", 3600L * 1000, false),
            new Unit("m", 60L * 1000, false),
            new Unit("s", 1000L, false),
            new Unit("ms", 1L, false));

    private PrometheusDuration() {}

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the text when it is not a duration. */
    public static Duration parse(String text) {
        requireNonNull(text, "duration text is null");
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            throw notADuration(text);
        }
        long totalMillis = 0;
        int position = 0;
        int nextUnit = 0;
        while (position < text.length()) {
            int digitsEnd = position;
            while (digitsEnd < text.length() && text.charAt(digitsEnd) >= '0' && text.charAt(digitsEnd) <= '9') {
                digitsEnd++;
            }
            if (digitsEnd == position) {
                throw notADuration(text);
            }
            int unitIndex = findUnit(text, digitsEnd, nextUnit);
            if (unitIndex < 0) {
                throw notADuration(text);
            }
            Unit unit = UNITS.get(unitIndex);
            try {
                long amount = Long.parseLong(text.substring(position, digitsEnd));
                totalMillis = Math.addExact(totalMillis, Math.multiplyExact(amount, unit.millis()));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("duration out of range: \"" + text + "\"", e);
            }
            position = digitsEnd + unit.symbol().length();
            nextUnit = unitIndex + 1;
        }
        return Duration.ofMillis(totalMillis);
    }

    /** Prometheus's spelling of a whole-millisecond duration, e.g. {@code 1d12h} or {@code 2w}; zero is {@code 0s}. */
    public static String format(Duration duration) {
        requireNonNull(duration, "duration is null");
        long millis = duration.toMillis();
        if (millis < 0) {
            throw new IllegalArgumentException("Prometheus durations are not negative: " + duration);
        }
        if (millis == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        for (Unit unit : UNITS) {
            long amount = millis / unit.millis();
            if (amount > 0 && !(unit.onlyWhenExact() && millis % unit.millis() != 0)) {
                text.append(amount).append(unit.symbol());
                millis -= amount * unit.millis();
            }
        }
        return text.toString();
    }

    // The unit at this position, searched from the smallest allowed index so units stay in order.
    private static int findUnit(String text, int at, int fromIndex) {
        // "ms" must win over "m" when both would match.
        for (int i = fromIndex; i < UNITS.size(); i++) {
            String symbol = UNITS.get(i).symbol();
            if (text.startsWith(symbol, at) && !(symbol.equals("m") && text.startsWith("ms", at))) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException(
                "not a valid duration string: \"" + text + "\" (use units y, w, d, h, m, s, ms largest first, e.g. 15d or 1h30m)");
    }
}
