package io.promless.api.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants as Go's encoding/json writes a {@code time.Time} (RFC 3339 with nanoseconds, trailing
 * zeros of the fraction dropped, UTC as {@code Z}), e.g. {@code 2017-01-17T14:07:44.723715405Z}.
 * Null stands for Go's zero time, {@code 0001-01-01T00:00:00Z}, which Prometheus prints for
 * things that never happened (a target never scraped).
 */
public final class GoTime {
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private GoTime() {}

    public static String format(Instant instant) {
        if (instant == null) {
            return ZERO;
        }
        OffsetDateTime time = instant.atOffset(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(36);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            // Go refuses to marshal such years; never reached by real clocks.
            throw new IllegalArgumentException("year outside [0,9999]: " + instant);
        }
        pad(out, year, 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos != 0) {
            StringBuilder fraction = new StringBuilder(9);
            pad(fraction, nanos, 9);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(fraction, 0, end);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        out.append("0".repeat(Math.max(0, width - digits.length())));
        return out.append(digits);
    }
}
