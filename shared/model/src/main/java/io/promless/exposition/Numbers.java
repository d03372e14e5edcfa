package io.promless.exposition;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Number syntax shared by both text formats. The accepted grammar is the decimal one of Go's
 * {@code strconv.ParseFloat} (which Prometheus uses) and of the OpenMetrics ABNF: optional sign,
 * digits with an optional point and exponent, {@code Inf}/{@code Infinity} with an optional sign
 * and {@code NaN}, all case-insensitive. Hexadecimal, underscores and out-of-range values are
 * rejected.
 */
final class Numbers {
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    /**
     * The NaN bit pattern Prometheus stores for a parsed NaN ({@code value.NormalNaN}), kept so
     * stored bits match Prometheus's; distinct from the staleness marker.
     */
    static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);
    /** Up to 15 decimal digits fit a double's 53-bit mantissa exactly. */
    private static final int EXACT_DIGITS = 15;
    private static final int MAX_KEPT_DIGITS = 18;

    private Numbers() {}

    /** Thrown for text that is not a number of the grammar above; the message is the reason. */
    static final class InvalidNumberException extends Exception {
        InvalidNumberException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses {@code bytes[from, to)} as a float. */
    static double parseFloat(byte[] bytes, int from, int to) throws InvalidNumberException {
        int i = from;
        if (i >= to) {
            throw new InvalidNumberException("empty number");
        }
        boolean negative = false;
        boolean signed = false;
        byte first = bytes[i];
        if (first == '+' || first == '-') {
            negative = first == '-';
            signed = true;
            i++;
            if (i >= to) {
                throw new InvalidNumberException("invalid number");
            }
        }
        byte lead = bytes[i];
        if (lead == 'i' || lead == 'I' || lead == 'n' || lead == 'N') {
            return special(bytes, i, to, negative, signed);
        }
        long mantissa = 0;
        int kept = 0;
        int exponent = 0;
        boolean inexact = false;
        boolean anyDigit = false;
        while (i < to && isDigit(bytes[i])) {
            int digit = bytes[i] - '0';
            anyDigit = true;
            if (kept < MAX_KEPT_DIGITS) {
                if (mantissa != 0 || digit != 0) {
                    mantissa = mantissa * 10 + digit;
                    kept++;
                }
            } else {
                exponent++;
                inexact |= digit != 0;
            }
            i++;
        }
        if (i < to && bytes[i] == '.') {
            i++;
            while (i < to && isDigit(bytes[i])) {
                int digit = bytes[i] - '0';
                anyDigit = true;
                if (kept < MAX_KEPT_DIGITS) {
                    if (mantissa != 0 || digit != 0) {
                        mantissa = mantissa * 10 + digit;
                        kept++;
                    }
                    exponent--;
                } else {
                    inexact |= digit != 0;
                }
                i++;
            }
        }
        if (!anyDigit) {
            throw new InvalidNumberException("invalid number");
        }
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (bytes[i] == '+' || bytes[i] == '-')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            if (i >= to || !isDigit(bytes[i])) {
                throw new InvalidNumberException("invalid number");
            }
            int written = 0;
            while (i < to && isDigit(bytes[i])) {
                if (written < 100_000) {
                    written = written * 10 + (bytes[i] - '0');
                }
                i++;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (i != to) {
            throw new InvalidNumberException("invalid number");
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        double value;
        if (!inexact && kept <= EXACT_DIGITS && exponent >= -22 && exponent <= 22) {
            // Both factors are exact, so one correctly rounded operation gives the right double.
            value = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
        } else {
            value = Math.abs(Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1)));
            if (Double.isInfinite(value)) {
                throw new InvalidNumberException("number out of range");
            }
        }
        return negative ? -value : value;
    }

    private static double special(byte[] bytes, int from, int to, boolean negative, boolean signed)
            throws InvalidNumberException {
        int length = to - from;
        if ((length == 3 || length == 8) && matchesIgnoreCase(bytes, from, to, "infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!signed && length == 3 && matchesIgnoreCase(bytes, from, to, "nan")) {
            return NORMAL_NAN;
        }
        throw new InvalidNumberException("invalid number");
    }

    /** Whether {@code bytes[from, to)} equals the first {@code to - from} letters of the lower-case word. */
    private static boolean matchesIgnoreCase(byte[] bytes, int from, int to, String lowerCaseWord) {
        for (int i = from; i < to; i++) {
            int c = bytes[i] | 0x20;
            if (c != lowerCaseWord.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Go's shortest {@code %g} rendering with {@code .0} appended when it has neither point nor
     * exponent: how Prometheus normalizes {@code le} and {@code quantile} label values.
     */
    static String formatOpenMetricsFloat(double value) {
        if (value == 1) {
            return "1.0";
        }
        if (value == 0) {
            return "0.0";
        }
        if (value == -1) {
            return "-1.0";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int digitCount = digits.length();
        int pointPosition = digitCount - decimal.scale();
        int exponent = pointPosition - 1;
        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= 6) {
            out.append(digits.charAt(0));
            if (digitCount > 1) {
                out.append('.').append(digits, 1, digitCount);
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            return out.append(magnitude).toString();
        }
        if (pointPosition <= 0) {
            out.append("0.");
            out.repeat('0', -pointPosition);
            out.append(digits);
        } else if (pointPosition >= digitCount) {
            out.append(digits);
            out.repeat('0', pointPosition - digitCount);
            out.append(".0");
        } else {
            out.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, digitCount);
        }
        return out.toString();
    }
}
