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
                handler.metadata(new MetricMetadata(parts[2], MetricType.valueOf(parts[3].toUpperCase(Locale.ROOT)), "", ""));
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
        String rest;
        int brace = line.indexOf('{');
        if (brace >= 0) {
            int close = line.indexOf('}', brace);
            if (close < 0) {
                throw new ExpositionException("line " + lineNumber + ": missing }");
            }
            labels.set(Labels.METRIC_NAME, line.substring(0, brace));
            String inner = line.substring(brace + 1, close);
            for (String pair : inner.isEmpty() ? new String[0] : inner.split(",")) {
                int equals = pair.indexOf('=');
                if (equals < 0 || !pair.endsWith("\"") || pair.charAt(equals + 1) != '"') {
                    throw new ExpositionException("line " + lineNumber + ": bad label pair " + pair);
                }
                labels.set(pair.substring(0, equals), pair.substring(equals + 2, pair.length() - 1));
            }
            rest = line.substring(close + 1).strip();
        } else {
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new ExpositionException("line " + lineNumber + ": no value");
            }
            labels.set(Labels.METRIC_NAME, line.substring(0, space));
            rest = line.substring(space + 1).strip();
        }
        String[] fields = rest.split("\\s+");
        if (fields.length < 1 || fields.length > 2) {
            throw new ExpositionException("line " + lineNumber + ": expected value [timestamp]");
        }
        try {
            double value = switch (fields[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(fields[0]);
            };
            long timestamp = fields.length == 2 ? Long.parseLong(fields[1]) : ScrapeHandler.NO_TIMESTAMP;
            handler.sample(labels.build(), value, timestamp);
        } catch (NumberFormatException e) {
            throw new ExpositionException("line " + lineNumber + ": bad number in " + rest);
        }
    }
}
