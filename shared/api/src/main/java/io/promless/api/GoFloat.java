package io.promless.api;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The subset of Go's {@code strconv.ParseFloat} that Prometheus's API relies on: decimal and
 * hexadecimal literals with optional sign, underscores between digits, {@code inf},
 * {@code infinity} and {@code nan} in any case. Out-of-range literals fail, as in Go.
 */
final class GoFloat {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern HEXADECIMAL =
            Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+(\\.[0-9a-fA-F]*)?|\\.[0-9a-fA-F]+)[pP][+-]?\\d+");

    private GoFloat() {}

    static OptionalDouble parse(String text) {
        String special = text.toLowerCase(Locale.ROOT);
        String unsigned = special.startsWith("+") || special.startsWith("-") ? special.substring(1) : special;
        boolean negative = special.startsWith("-");
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (unsigned.equals("nan")) {
            return OptionalDouble.of(Double.NaN);
        }
        String digits = text;
        if (text.indexOf('_') >= 0) {
            if (!underscoresSeparateDigits(text)) {
                return OptionalDouble.empty();
            }
            digits = text.replace("_", "");
        }
        if (!DECIMAL.matcher(digits).matches() && !HEXADECIMAL.matcher(digits).matches()) {
            return OptionalDouble.empty();
        }
        double value = Double.parseDouble(digits);
        if (Double.isInfinite(value)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value);
    }

    /** Go allows an underscore only between two digits, or between a base prefix and a digit. */
    private static boolean underscoresSeparateDigits(String text) {
        String unsigned = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        boolean hex = unsigned.length() > 1 && unsigned.charAt(0) == '0' && (unsigned.charAt(1) | 0x20) == 'x';
        for (int i = 0; i < unsigned.length(); i++) {
            if (unsigned.charAt(i) != '_') {
                continue;
            }
            boolean afterPrefix = hex && i == 2;
            boolean afterDigit = i > 0 && isDigit(unsigned.charAt(i - 1), hex);
            boolean beforeDigit = i + 1 < unsigned.length() && isDigit(unsigned.charAt(i + 1), hex);
            if (!(afterPrefix || afterDigit) || !beforeDigit) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c, boolean hex) {
        return hex ? Character.digit(c, 16) >= 0 : c >= '0' && c <= '9';
    }
}
