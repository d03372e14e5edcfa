package io.promless.exposition;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.util.List;

/**
 * The Prometheus text exposition format 0.0.4, read the way Prometheus 3 reads it: blank lines
 * and comments skipped; {@code # HELP} and {@code # TYPE} lines (HELP unescapes {@code \\} and
 * {@code \n}); blanks allowed around names, braces, equals signs and commas; a trailing comma in a
 * label set; quoted UTF-8 metric and label names ({@code {"my.metric", "label.name"="v"}});
 * values as Go parses floats (no hexadecimal, no underscores, out of range is an error); an
 * optional integer millisecond timestamp. Numeric {@code le} (histograms) and {@code quantile}
 * (summaries) values are normalized as Prometheus 3 does ({@code le="1"} becomes {@code "1.0"}).
 * Duplicate label names, invalid UTF-8 and NUL bytes outside quoted strings and HELP are errors.
 * Stateless and thread-safe.
 */
public final class PrometheusTextParser implements ExpositionParser {
    @Override
    public void parse(byte[] body, ScrapeHandler handler) throws ExpositionException {
        requireNonNull(body, "body is null");
        requireNonNull(handler, "handler is null");
        new Run(body, handler).parseAll();
    }

    /** The mutable state of one parse. */
    private static final class Run extends TextScanner {
        private final ScrapeHandler handler;
        private final MetadataCollector metadata;
        private final LabelSetBuilder labels = new LabelSetBuilder();
        /** The type of the latest TYPE line: Prometheus normalizes le/quantile by it. */
        private MetricType lastType = MetricType.UNKNOWN;

        Run(byte[] body, ScrapeHandler handler) {
            super(body);
            this.handler = handler;
            this.metadata = new MetadataCollector(handler);
        }

        void parseAll() throws ExpositionException {
            while (true) {
                skipBlanks();
                if (pos >= end) {
                    break;
                }
                byte c = in[pos];
                if (c == '\n') {
                    pos++;
                } else if (c == '#') {
                    commentOrMetadata();
                } else if (c == '{' || isMetricNameStart(c)) {
                    sample();
                } else {
                    throw error(pos, "expected a metric name, '{' or '#' at the start of a line, got " + describe(pos));
                }
            }
            metadata.flush();
        }

        private void skipBlanks() {
            while (pos < end && (in[pos] == ' ' || in[pos] == '\t')) {
                pos++;
            }
        }

        private boolean isBlank(int at) {
            return at < end && (in[at] == ' ' || in[at] == '\t');
        }

        private void finishLine() {
            if (pos < end) {
                pos++;
            }
        }

        private void commentOrMetadata() throws ExpositionException {
            pos++;
            if (isBlank(pos)) {
                skipBlanks();
                boolean help = startsWith(pos, "HELP");
                boolean type = startsWith(pos, "TYPE");
                if ((help || type) && isBlank(pos + 4)) {
                    pos += 4;
                    skipBlanks();
                    metadataLine(help);
                    return;
                }
            }
            pos = lineEnd(pos);
            finishLine();
        }

        private void metadataLine(boolean help) throws ExpositionException {
            String keyword = help ? "HELP" : "TYPE";
            String name;
            if (pos < end && in[pos] == '"') {
                int close = scanQuoted(pos, true);
                name = decodeQuoted(pos + 1, close, quotedHadEscape);
                if (name.isEmpty()) {
                    throw error(pos, "empty metric name after " + keyword);
                }
                pos = close + 1;
            } else if (pos < end && isMetricNameStart(in[pos])) {
                int nameEnd = scanMetricName(pos);
                name = strings.get(in, pos, nameEnd);
                pos = nameEnd;
            } else {
                throw error(pos, "expected metric name after " + keyword + ", got " + describe(pos));
            }
            int lineEnd = lineEnd(pos);
            // Prometheus's lexer takes the rest of the line and drops its first character (the
            // separating blank); a rest of blanks only is empty text.
            int textStart = pos;
            boolean onlyBlanks = true;
            for (int i = pos; i < lineEnd; i++) {
                if (in[i] != ' ' && in[i] != '\t') {
                    onlyBlanks = false;
                    break;
                }
            }
            if (onlyBlanks) {
                textStart = lineEnd;
            } else {
                textStart++;
            }
            if (help) {
                int invalid = Utf8.firstInvalid(in, textStart, lineEnd);
                if (invalid >= 0) {
                    throw error(invalid, "HELP text is not valid UTF-8");
                }
                metadata.help(name, decodeHelp(textStart, lineEnd, false));
            } else {
                MetricType type = typeNamed(textStart, lineEnd);
                if (type == null) {
                    throw error(textStart, "invalid metric type \"" + strings.get(in, textStart, lineEnd)
                            + "\" (expected counter, gauge, histogram, summary or untyped)");
                }
                lastType = type;
                metadata.type(name, type);
            }
            pos = lineEnd;
            finishLine();
        }

        private MetricType typeNamed(int from, int to) {
            if (equalsAscii(from, to, "counter")) {
                return MetricType.COUNTER;
            }
            if (equalsAscii(from, to, "gauge")) {
                return MetricType.GAUGE;
            }
            if (equalsAscii(from, to, "histogram")) {
                return MetricType.HISTOGRAM;
            }
            if (equalsAscii(from, to, "summary")) {
                return MetricType.SUMMARY;
            }
            if (equalsAscii(from, to, "untyped")) {
                return MetricType.UNKNOWN;
            }
            return null;
        }

        private void sample() throws ExpositionException {
            int lineStart = pos;
            labels.reset();
            // The name goes first: it sorts before lower-case label names, so sorting rarely moves it.
            labels.add(Labels.METRIC_NAME, "");
            String metricName = null;
            if (in[pos] != '{') {
                int nameEnd = scanMetricName(pos);
                metricName = strings.get(in, pos, nameEnd);
                pos = nameEnd;
                skipBlanks();
            }
            if (pos < end && in[pos] == '{') {
                pos++;
                metricName = labelSet(metricName);
                if (metricName == null) {
                    throw error(lineStart, "metric name not set: a label set without a name needs a quoted name inside the braces");
                }
                skipBlanks();
            }
            int valueStart = pos;
            while (pos < end && in[pos] != ' ' && in[pos] != '\t' && in[pos] != '\n' && in[pos] != '{') {
                pos++;
            }
            if (valueStart == pos) {
                throw error(pos, "expected value after metric, got " + describe(pos));
            }
            double value;
            try {
                value = Numbers.parseFloat(in, valueStart, pos);
            } catch (Numbers.InvalidNumberException e) {
                throw error(valueStart, e.getMessage() + " \"" + strings.get(in, valueStart, pos) + "\" as sample value");
            }
            skipBlanks();
            long timestamp = ScrapeHandler.NO_TIMESTAMP;
            if (pos < end && in[pos] != '\n') {
                if (!Numbers.isDigit(in[pos])) {
                    throw error(pos, "expected timestamp or end of line after value, got " + describe(pos));
                }
                timestamp = timestamp();
                skipBlanks();
                if (pos < end && in[pos] != '\n') {
                    throw error(pos, "expected end of line after timestamp, got " + describe(pos));
                }
            }
            finishLine();

            labels.setValue(0, metricName);
            labels.sort();
            String duplicate = labels.duplicateName();
            if (duplicate != null) {
                throw error(lineStart, "duplicate label name \"" + duplicate + "\"");
            }
            metadata.flush();
            handler.sample(labels.build(), value, timestamp);
            List<String> emptyNames = labels.emptyNames();
            if (!emptyNames.isEmpty()) {
                handler.emptyLabels(emptyNames);
            }
        }

        private long timestamp() throws ExpositionException {
            int start = pos;
            long millis = 0;
            while (pos < end && Numbers.isDigit(in[pos])) {
                int digit = in[pos] - '0';
                if (millis > (Long.MAX_VALUE - digit) / 10) {
                    throw error(start, "timestamp out of range");
                }
                millis = millis * 10 + digit;
                pos++;
            }
            return millis;
        }

        /** Reads a label set after its '{'; returns the metric name (possibly set inside). */
        private String labelSet(String metricName) throws ExpositionException {
            String name = metricName;
            skipBlanks();
            while (true) {
                if (pos >= end) {
                    throw error(pos, "unterminated label set");
                }
                if (in[pos] == '}') {
                    pos++;
                    return name;
                }
                int nameStart = pos;
                String labelName;
                boolean quoted;
                if (isLabelNameStart(in[pos])) {
                    int nameEnd = scanLabelName(pos);
                    labelName = strings.get(in, pos, nameEnd);
                    pos = nameEnd;
                    quoted = false;
                } else if (in[pos] == '"') {
                    int close = scanQuoted(pos, true);
                    labelName = decodeQuoted(pos + 1, close, quotedHadEscape);
                    pos = close + 1;
                    quoted = true;
                } else {
                    throw error(pos, "expected label name, got " + describe(pos));
                }
                skipBlanks();
                if (quoted && pos < end && (in[pos] == ',' || in[pos] == '}')) {
                    if (name != null) {
                        throw error(nameStart, "metric name already set");
                    }
                    if (labelName.isEmpty()) {
                        throw error(nameStart, "empty metric name");
                    }
                    name = labelName;
                    if (in[pos] == ',') {
                        pos++;
                        skipBlanks();
                    }
                    continue;
                }
                if (labelName.isEmpty()) {
                    throw error(nameStart, "empty label name");
                }
                if (pos >= end || in[pos] != '=') {
                    throw error(pos, "expected '=' after label name, got " + describe(pos));
                }
                pos++;
                skipBlanks();
                if (pos >= end || in[pos] != '"') {
                    throw error(pos, "expected quoted label value, got " + describe(pos));
                }
                int close = scanQuoted(pos, true);
                String value = decodeQuoted(pos + 1, close, quotedHadEscape);
                pos = close + 1;
                if ((lastType == MetricType.HISTOGRAM && labelName.equals("le"))
                        || (lastType == MetricType.SUMMARY && labelName.equals("quantile"))) {
                    value = normalizeBound(value);
                }
                labels.add(labelName, value);
                skipBlanks();
                if (pos < end && in[pos] == ',') {
                    pos++;
                    skipBlanks();
                }
            }
        }
    }
}
