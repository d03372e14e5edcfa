package io.promless.api;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus durations such as {@code 1h30m}, {@code 5m} or {@code 1y2w}: units y, w, d, h, m,
 * s, ms, each at most once, largest first; {@code 0} alone is allowed. Results in nanoseconds.
 */
final class PrometheusDuration {
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long MILLISECOND = 1_000_000L;
    private static final long[] UNIT_NANOS = {
        365L * 24 * 3600 * 1000 * MILLISECOND,
        7L * 24 * 3600 * 1000 * MILLISECOND,
        24L * 3600 * 1000 * MILLISECOND,
        3600L * 1000 * MILLISECOND,
        60L * 1000 * MILLISECOND,
        1000L * MILLISECOND,
        MILLISECOND,
    };

    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private PrometheusDuration() {}

    /**
     * Prometheus's {@code model.Duration} text: largest units first, years and weeks only when
     * they divide the duration exactly (90d, not 12w6d), {@code 0s} for zero.
     */
    static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long rest = millis;
        if (rest < 0) {
            out.append('-');
            rest = -rest;
        }
        for (int unit = 0; unit < UNIT_NAMES.length; unit++) {
            long unitMillis = UNIT_NANOS[unit] / MILLISECOND;
            boolean exactOnly = unit < 2;
            if (exactOnly && rest % unitMillis != 0) {
                continue;
            }
            long amount = rest / unitMillis;
            if (amount > 0) {
                out.append(amount).append(UNIT_NAMES[unit]);
                rest -= amount * unitMillis;
            }
        }
        return out.toString();
    }

    static OptionalLong parseNanos(String text) {
        if (text.equals("0")) {
            return OptionalLong.of(0);
        }
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        long total = 0;
        try {
            for (int group = 1; group <= UNIT_NANOS.length; group++) {
                String amount = matcher.group(group);
                if (amount != null) {
                    total = Math.addExact(total, Math.multiplyExact(Long.parseLong(amount), UNIT_NANOS[group - 1]));
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(total);
    }
}
