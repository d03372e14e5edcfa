package io.promless.api;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter parsing exactly as Prometheus's web API does it, including its error texts. Times
 * are epoch milliseconds; durations are nanoseconds (Go's resolution, so sub-millisecond steps
 * are judged as Prometheus judges them).
 */
public final class ApiParameters {
    /** Prometheus's default start of optional ranges (time.Unix(MinInt64/1000+62135596801, 0)). */
    public static final long MIN_TIME_MILLIS = -9223309901257974L * 1000;
    /** Prometheus's default end of optional ranges (time.Unix(MaxInt64/1000-62135596801, 999999999)). */
    public static final long MAX_TIME_MILLIS = 9223309901257974L * 1000 + 999;

    /** Go cannot parse its own rendering of the boundaries, so Prometheus accepts these two literally. */
    static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
    static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|([+-])(\\d{2}):(\\d{2}))");
    private static final double MAX_SECONDS = Long.MAX_VALUE / 1000.0;

    private ApiParameters() {}

    /** Unix seconds (fractions rounded to milliseconds) or RFC 3339; Prometheus's {@code parseTime}. */
    public static long parseTime(String text) {
        OptionalDouble seconds = GoFloat.parse(text);
        if (seconds.isPresent()) {
            double value = seconds.getAsDouble();
            if (Double.isFinite(value) && Math.abs(value) < MAX_SECONDS) {
                // The same double arithmetic as Go's math.Modf, math.Round and time.Unix, so the
                // millisecond lands where Prometheus puts it.
                double whole = value < 0 ? Math.ceil(value) : Math.floor(value);
                double fraction = roundHalfAwayFromZero((value - whole) * 1000) / 1000;
                long nanos = (long) (fraction * 1e9);
                return (long) whole * 1000 + Math.floorDiv(nanos, 1_000_000L);
            }
        } else {
            OptionalLong rfc3339 = parseRfc3339(text);
            if (rfc3339.isPresent()) {
                return rfc3339.getAsLong();
            }
            if (text.equals(MIN_TIME_FORMATTED)) {
                return MIN_TIME_MILLIS;
            }
            if (text.equals(MAX_TIME_FORMATTED)) {
                return MAX_TIME_MILLIS;
            }
        }
        throw badData("cannot parse " + GoQuote.quote(text) + " to a valid timestamp");
    }

    /** An optional time parameter ({@code parseTimeParam}): the default when empty. */
    public static long parseTimeParameter(RequestParameters parameters, String name, long defaultMillis) {
        String text = parameters.first(name);
        if (text.isEmpty()) {
            return defaultMillis;
        }
        try {
            return parseTime(text);
        } catch (PromlessException e) {
            throw badData("invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** Float seconds or a Prometheus duration, in nanoseconds; Prometheus's {@code parseDuration}. */
    public static long parseDurationNanos(String text) {
        OptionalDouble seconds = GoFloat.parse(text);
        if (seconds.isPresent()) {
            double nanos = seconds.getAsDouble() * 1e9;
            if (nanos > 0x1p63 || nanos < -0x1p63) {
                throw badData("cannot parse " + GoQuote.quote(text) + " to a valid duration. It overflows int64");
            }
            return Double.isNaN(nanos) ? 0 : (long) nanos;
        }
        OptionalLong duration = PrometheusDuration.parseNanos(text);
        if (duration.isPresent()) {
            return duration.getAsLong();
        }
        throw badData("cannot parse " + GoQuote.quote(text) + " to a valid duration");
    }

    /** A non-negative integer, 0 (the default) meaning no limit; Prometheus's {@code parseLimitParam}. */
    public static int parseLimit(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        if (!text.matches("[+-]?\\d+")) {
            throw badData("strconv.Atoi: parsing " + GoQuote.quote(text) + ": invalid syntax");
        }
        long limit;
        try {
            limit = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw badData("strconv.Atoi: parsing " + GoQuote.quote(text) + ": value out of range");
        }
        if (limit < 0) {
            throw badData("limit must be non-negative");
        }
        // Go's int is 64 bits; no result list comes near the int range anyway.
        return (int) Math.min(limit, Integer.MAX_VALUE);
    }

    /** Wraps a parameter error as Prometheus's {@code invalidParamError} does. */
    public static PromlessException invalidParameter(String name, String message) {
        return new PromlessException(ErrorType.BAD_DATA, "invalid parameter " + GoQuote.quote(name) + ": " + message);
    }

    static PromlessException badData(String message) {
        return new PromlessException(ErrorType.BAD_DATA, message);
    }

    private static OptionalLong parseRfc3339(String text) {
        Matcher matcher = RFC3339.matcher(text);
        if (!matcher.matches()) {
            return OptionalLong.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)),
                    Integer.parseInt(matcher.group(4)),
                    Integer.parseInt(matcher.group(5)),
                    Integer.parseInt(matcher.group(6)));
            ZoneOffset offset = ZoneOffset.UTC;
            if (matcher.group(9) != null) {
                int hours = Integer.parseInt(matcher.group(10));
                int minutes = Integer.parseInt(matcher.group(11));
                if (hours > 23 || minutes > 59) {
                    return OptionalLong.empty();
                }
                int sign = matcher.group(9).equals("-") ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            long epochSecond = ZonedDateTime.of(local, offset).toEpochSecond();
            String fraction = matcher.group(7) == null ? "" : matcher.group(7);
            long millis = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00").substring(0, 3));
            return OptionalLong.of(Math.addExact(Math.multiplyExact(epochSecond, 1000), millis));
        } catch (DateTimeException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    /** Go's {@code math.Round}: halves go away from zero. */
    private static double roundHalfAwayFromZero(double value) {
        double magnitude = Math.abs(value);
        double whole = Math.floor(magnitude);
        if (magnitude - whole >= 0.5) {
            whole += 1;
        }
        return Math.copySign(whole, value);
    }
}
