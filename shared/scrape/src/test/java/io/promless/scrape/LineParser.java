package io.promless.scrape;

import io.promless.exposition.ExpositionException;
import io.promless.exposition.ExpositionParser;
import io.promless.exposition.ScrapeHandler;
import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A deliberately small test stand-in for the real exposition parsers: one sample per line,
 * {@code name{a="b",c="d"} value [timestamp]}, {@code # TYPE} lines as metadata, other comments
 * skipped, no escapes. Anything else is an error (after the lines before it were reported, as a
 * streaming parser would).
 */
final class LineParser implements ExpositionParser {
    @Override
    public void parse(byte[] body, ScrapeHandler handler) throws ExpositionException {
        int lineNumber = 0;
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            lineNumber++;
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                String type = parts[3].toUpperCase(Locale.ROOT);
                handler.metadata(new MetricMetadata(parts[2], type.equals("UNTYPED") ? MetricType.UNKNOWN : MetricType.valueOf(type), "", ""));
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            parseSample(line, lineNumber, handler);
        }
    }

    private static void parseSample(String line, int lineNumber, ScrapeHandler handler) throws ExpositionException {
        Labels.Builder labels = Labels.builder();
        int position = 0;
        while (position < line.length() && line.charAt(position) != '{' && line.charAt(position) != ' ') {
            position++;
        }
        labels.set(Labels.METRIC_NAME, line.substring(0, position));
        if (position < line.length() && line.charAt(position) == '{') {
            position = parseLabels(line, position + 1, lineNumber, labels);
        }
        String[] fields = line.substring(position).strip().split("\\s+");
        if (fields.length < 1 || fields.length > 2 || fields[0].isEmpty()) {
            throw new ExpositionException("line " + lineNumber + ": expected value [timestamp]");
        }
        try {
            double value = switch (fields[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(fields[0]);
            };
            long timestamp = fields.length == 2 ? (long) (Double.parseDouble(fields[1]) * (fields[1].contains(".") ? 1000 : 1))
                    : ScrapeHandler.NO_TIMESTAMP;
            handler.sample(labels.build(), value, timestamp);
        } catch (NumberFormatException e) {
            throw new ExpositionException("line " + lineNumber + ": bad number in " + line);
        }
    }

    /** Reads {@code name="value",...}} with \\, \" and \n escapes; returns the index after the brace. */
    private static int parseLabels(String line, int position, int lineNumber, Labels.Builder labels) throws ExpositionException {
        while (true) {
            if (position >= line.length()) {
                throw new ExpositionException("line " + lineNumber + ": missing }");
            }
            if (line.charAt(position) == '}') {
                return position + 1;
            }
            int equals = line.indexOf('=', position);
            if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                throw new ExpositionException("line " + lineNumber + ": bad label pair");
            }
            String name = line.substring(position, equals).strip();
            StringBuilder value = new StringBuilder();
            int i = equals + 2;
            while (i < line.length() && line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    char next = line.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                i++;
            }
            if (i >= line.length()) {
                throw new ExpositionException("line " + lineNumber + ": unterminated label value");
            }
            labels.set(name, value.toString());
            position = i + 1;
            if (position < line.length() && line.charAt(position) == ',') {
                position++;
            }
        }
    }
}
