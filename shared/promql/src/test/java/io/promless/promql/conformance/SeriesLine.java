package io.promless.promql.conformance;

import io.promless.model.labels.Labels;
import io.promless.promql.parser.StringUnquoter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A series description of the test-script language: a label set and a value sequence. Each
 * value position holds a float, a stale marker, nothing ({@code _}), or a native histogram,
 * which this runner cannot represent and only records as such.
 */
record SeriesLine(Labels labels, List<Point> points) {
    /** One value position; {@code histogram} points carry no float. */
    record Point(boolean missing, boolean histogram, double value) {
        static final Point MISSING = new Point(true, false, 0);
        static final Point HISTOGRAM = new Point(false, true, 0);

        static Point of(double value) {
            return new Point(false, false, value);
        }
    }

    private static final String NUMBER = "(?:[+-]?(?:inf|nan|[0-9]+(?:\\.[0-9]*)?(?:e[+-]?[0-9]+)?|\\.[0-9]+(?:e[+-]?[0-9]+)?))";
    private static final Pattern SEQUENCE = Pattern.compile(
            "(" + NUMBER + ")(?:([+-])(" + NUMBER.replace("[+-]?", "") + "))?(?:x([0-9]+))?", Pattern.CASE_INSENSITIVE);

    static boolean hasHistogram(List<Point> points) {
        return points.stream().anyMatch(Point::histogram);
    }

    /** Parses {@code labels values...}. */
    static SeriesLine parse(String line) {
        int split = labelsEnd(line);
        Labels labels = parseLabels(line.substring(0, split).trim());
        return new SeriesLine(labels, parseValues(line.substring(split).trim()));
    }

    private static int labelsEnd(String line) {
        int i = 0;
        while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '{') {
            i++;
        }
        if (i < line.length() && line.charAt(i) == '{') {
            char quote = 0;
            for (; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'' || c == '`') {
                    quote = c;
                } else if (c == '}') {
                    return i + 1;
                }
            }
        }
        return i;
    }

    static Labels parseLabels(String text) {
        Labels.Builder builder = Labels.builder();
        int brace = text.indexOf('{');
        String name = brace < 0 ? text : text.substring(0, brace);
        if (!name.isEmpty()) {
            builder.set(Labels.METRIC_NAME, name);
        }
        if (brace < 0) {
            return builder.build();
        }
        String body = text.substring(brace + 1, text.lastIndexOf('}'));
        int i = 0;
        while (i < body.length()) {
            while (i < body.length() && (Character.isWhitespace(body.charAt(i)) || body.charAt(i) == ',')) {
                i++;
            }
            if (i >= body.length()) {
                break;
            }
            String labelName;
            if (body.charAt(i) == '"' || body.charAt(i) == '\'' || body.charAt(i) == '`') {
                int end = quotedEnd(body, i);
                labelName = StringUnquoter.unquote(body.substring(i, end));
                i = end;
            } else {
                int start = i;
                while (i < body.length() && body.charAt(i) != '=' && !Character.isWhitespace(body.charAt(i)) && body.charAt(i) != ',') {
                    i++;
                }
                labelName = body.substring(start, i);
            }
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            if (i >= body.length() || body.charAt(i) != '=') {
                builder.set(Labels.METRIC_NAME, labelName);
                continue;
            }
            i++;
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            int end = quotedEnd(body, i);
            builder.set(labelName, StringUnquoter.unquote(body.substring(i, end)));
            i = end;
        }
        return builder.build();
    }

    private static int quotedEnd(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated string in " + text);
    }

    static List<Point> parseValues(String text) {
        List<Point> points = new ArrayList<>();
        for (String item : items(text)) {
            String lower = item.toLowerCase(Locale.ROOT);
            if (item.startsWith("{{")) {
                int repeat = 1;
                Matcher times = Pattern.compile("x([0-9]+)$").matcher(item);
                if (times.find() && item.endsWith("x" + times.group(1)) && item.lastIndexOf("}}") < times.start()) {
                    repeat = Integer.parseInt(times.group(1)) + 1;
                }
                for (int i = 0; i < repeat; i++) {
                    points.add(Point.HISTOGRAM);
                }
                continue;
            }
            if (lower.equals("_")) {
                points.add(Point.MISSING);
                continue;
            }
            if (lower.startsWith("_x")) {
                int count = Integer.parseInt(lower.substring(2));
                for (int i = 0; i < count; i++) {
                    points.add(Point.MISSING);
                }
                continue;
            }
            if (lower.equals("stale")) {
                points.add(Point.of(io.promless.model.StaleMarker.VALUE));
                continue;
            }
            Matcher matcher = SEQUENCE.matcher(item);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("bad value item " + item);
            }
            double start = number(matcher.group(1));
            if (matcher.group(4) == null) {
                if (matcher.group(2) != null) {
                    throw new IllegalArgumentException("bad value item " + item);
                }
                points.add(Point.of(start));
                continue;
            }
            int count = Integer.parseInt(matcher.group(4));
            double increment = matcher.group(2) == null ? 0 : number(matcher.group(3));
            if ("-".equals(matcher.group(2))) {
                increment = -increment;
            }
            double value = start;
            points.add(Point.of(value));
            for (int i = 0; i < count; i++) {
                value += increment;
                points.add(Point.of(value));
            }
        }
        return points;
    }

    /** Splits on whitespace, keeping {@code {{...}}} histograms (which contain spaces) whole. */
    private static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (!current.isEmpty()) {
                    items.add(current.toString());
                    current.setLength(0);
                }
                continue;
            }
            current.append(c);
        }
        if (!current.isEmpty()) {
            items.add(current.toString());
        }
        return items;
    }

    static double number(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
