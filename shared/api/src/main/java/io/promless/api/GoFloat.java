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
    private static final Pattern UNDERSCORES_BETWEEN_DIGITS =
            Pattern.compile("[+-]?(0[xX]_?)?[0-9a-fA-F.pP+-]*([0-9a-fA-F]_[0-9a-fA-F][0-9a-fA-F.pP+-]*)*");

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
            if (!UNDERSCORES_BETWEEN_DIGITS.matcher(text).matches() || text.contains("__")) {
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
}
