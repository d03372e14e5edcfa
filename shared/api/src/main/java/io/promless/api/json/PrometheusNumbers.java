package io.promless.api.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers rendered exactly as Prometheus's JSON API renders them. Vector and matrix points use
 * Prometheus's own encoder: values like Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} but in
 * the {@code 'e'} form below 1e-6 and from 1e21 up, timestamps as seconds with all three
 * millisecond digits. Scalar and string results go through Go's encoding/json instead: values
 * always in the {@code 'f'} form, timestamps as the shortest decimal of {@code t / 1000.0}.
 * (Checked against a running Prometheus.)
 */
public final class PrometheusNumbers {
    private PrometheusNumbers() {}

    /** A sample value: the shortest text that reads back as the same double, or NaN, +Inf, -Inf. */
    public static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "0" : "-0";
        }
        double magnitude = Math.abs(value);
        // Java 19+ prints the shortest repeating decimal, as Go does; only the layout differs.
        BigDecimal shortest = shortestDigits(value);
        if (magnitude < 1e-6 || magnitude >= 1e21) {
            return exponentForm(shortest);
        }
        return shortest.toPlainString();
    }

    /**
     * Java prints at least two significant digits and may pick a closer two-digit decimal where a
     * one-digit one also reads back (only among subnormals, e.g. 4.9E-324); Go prints the shortest.
     */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal java = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = java.round(new MathContext(1, mode));
            if (candidate.doubleValue() == value
                    && (best == null
                            || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = candidate;
            }
        }
        return best == null ? java : best.stripTrailingZeros();
    }

    /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: how Prometheus writes an alert's value ({@code 1e+00}). */
    public static String formatExponent(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "0e+00" : "-0e+00";
        }
        return exponentForm(shortestDigits(value));
    }

    /** A scalar result's value: Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, or NaN, +Inf, -Inf. */
    public static String formatScalarValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "0" : "-0";
        }
        return shortestDigits(value).toPlainString();
    }

    /** A scalar or string result's timestamp: {@code float64(t)/1000} as encoding/json writes it. */
    public static String formatFloatTimestamp(long millis) {
        return formatGoJsonNumber(millis / 1000.0);
    }

    /**
     * A finite float64 as Go's encoding/json writes it: the {@code 'f'} form, or the {@code 'e'}
     * form with a one-digit exponent kept short below 1e-6 and from 1e21 up.
     */
    public static String formatGoJsonNumber(double value) {
        if (!Double.isFinite(value)) {
            // encoding/json refuses these; callers never pass them.
            throw new IllegalArgumentException("JSON has no number for " + value);
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        BigDecimal shortest = shortestDigits(value);
        if (magnitude < 1e-6 || magnitude >= 1e21) {
            // encoding/json trims a leading zero from two-digit exponents: 1e-07 becomes 1e-7.
            return exponentForm(shortest).replaceFirst("e([+-])0(\\d)$", "e$1$2");
        }
        return shortest.toPlainString();
    }

    /** Go's {@code 'e'} layout: one digit, optional fraction, then e±dd (at least two exponent digits). */
    private static String exponentForm(BigDecimal shortest) {
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (shortest.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int absoluteExponent = Math.abs(exponent);
        if (absoluteExponent < 10) {
            out.append('0');
        }
        return out.append(absoluteExponent).toString();
    }

    /** A millisecond timestamp as seconds: {@code 1435781451781 -> 1435781451.781}, {@code 1000 -> 1}. */
    public static String formatTimestamp(long millis) {
        StringBuilder out = new StringBuilder(20);
        // Unsigned arithmetic keeps Long.MIN_VALUE printable.
        long magnitude = millis;
        if (millis < 0) {
            out.append('-');
            magnitude = -millis;
        }
        out.append(Long.toUnsignedString(Long.divideUnsigned(magnitude, 1000)));
        long fraction = Long.remainderUnsigned(magnitude, 1000);
        if (fraction != 0) {
            out.append('.');
            if (fraction < 100) {
                out.append('0');
            }
            if (fraction < 10) {
                out.append('0');
            }
            out.append(fraction);
        }
        return out.toString();
    }
}
