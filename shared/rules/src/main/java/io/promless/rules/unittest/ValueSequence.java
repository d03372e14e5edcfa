package io.promless.rules.unittest;

import io.promless.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value notation of promtool input series and PromQL test scripts: {@code 1 2 3},
 * {@code a+bxn} / {@code a-bxn} (n+1 values stepping by b), {@code axn} (n+1 times a), {@code _}
 * and {@code _xn} (no sample), {@code stale}. Native histograms ({@code {{...}}}) are rejected:
 * Promless stores float samples only.
 */
final class ValueSequence {
    /** Null entries are positions without a sample. */
    record Values(List<Double> values) {}

    private static final String NUMBER = "(?:[+-]?(?:inf|nan|[0-9]+(?:\\.[0-9]*)?(?:e[+-]?[0-9]+)?|\\.[0-9]+(?:e[+-]?[0-9]+)?))";
    private static final Pattern ITEM = Pattern.compile(
            "(" + NUMBER + ")(?:([+-])(" + NUMBER.replace("[+-]?", "") + "))?(?:x([0-9]+))?", Pattern.CASE_INSENSITIVE);

    private ValueSequence() {}

    static List<Double> parse(String text) {
        List<Double> values = new ArrayList<>();
        for (String item : text.trim().split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            String lower = item.toLowerCase(Locale.ROOT);
            if (lower.startsWith("{{")) {
                throw new IllegalArgumentException("native histogram samples are not supported: " + item);
            }
            if (lower.equals("_")) {
                values.add(null);
                continue;
            }
            if (lower.startsWith("_x")) {
                int count = count(lower.substring(2), item);
                for (int i = 0; i < count; i++) {
                    values.add(null);
                }
                continue;
            }
            if (lower.equals("stale")) {
                values.add(StaleMarker.VALUE);
                continue;
            }
            Matcher matcher = ITEM.matcher(item);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("bad value item \"" + item + "\"");
            }
            double start = number(matcher.group(1));
            if (matcher.group(4) == null) {
                if (matcher.group(2) != null) {
                    throw new IllegalArgumentException("bad value item \"" + item + "\": missing xN");
                }
                values.add(start);
                continue;
            }
            int count = count(matcher.group(4), item);
            double step = matcher.group(2) == null ? 0 : number(matcher.group(3));
            if ("-".equals(matcher.group(2))) {
                step = -step;
            }
            double value = start;
            values.add(value);
            for (int i = 0; i < count; i++) {
                value += step;
                values.add(value);
            }
        }
        return values;
    }

    /** More values than this in one series is a mistake, not a test: refuse instead of exhausting memory. */
    private static final int MAX_VALUES = 10_000_000;

    private static int count(String digits, String item) {
        try {
            int count = Integer.parseInt(digits);
            if (count > MAX_VALUES) {
                throw new IllegalArgumentException("repetition in \"" + item + "\" exceeds " + MAX_VALUES + " values");
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad repetition in \"" + item + "\"");
        }
    }

    static double number(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan" -> Double.NaN;
            default -> {
                yield Double.parseDouble(text);
            }
        };
    }
}
