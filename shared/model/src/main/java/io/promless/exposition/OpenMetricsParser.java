package io.promless.exposition;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.util.List;

/**
 * The OpenMetrics 1.0 text format. Both variants hold the ABNF exactly: single spaces between
 * tokens, no blank lines, only {@code # TYPE}, {@code # HELP}, {@code # UNIT} and a final
 * {@code # EOF} may start with {@code #}, nothing after {@code # EOF}, label sets without blanks or
 * trailing commas, numbers and timestamps of the OpenMetrics grammar (timestamps in seconds,
 * reported in milliseconds, truncated as Prometheus does), exemplars as
 * {@code  # {labels} value [timestamp]}. Both reject duplicate label names and a UNIT that is not
 * the suffix of its family name.
 *
 * <p>{@link #strict()} also checks every other rule of the specification (see
 * {@link OpenMetricsValidator}): it passes the OpenMetrics parser conformance suite.
 * {@link #prometheusCompatible()} stops at the grammar, as Prometheus's scraper does, so
 * expositions that real client libraries produce but the specification forbids (a histogram with
 * negative buckets and a {@code _sum}, negative summary quantiles, exemplars on {@code _count})
 * still scrape.
 *
 * <p>Prometheus 3 extensions accepted by both: quoted UTF-8 metric and label names
 * ({@code {"my.metric","label.name"="v"}}), and numeric {@code le} (histogram) and
 * {@code quantile} (summary) values rewritten to their canonical spelling. Stateless and
 * thread-safe.
 */
public final class OpenMetricsParser implements ExpositionParser {
    private static final OpenMetricsParser STRICT = new OpenMetricsParser(true);
    private static final OpenMetricsParser PROMETHEUS_COMPATIBLE = new OpenMetricsParser(false);

    private final boolean strict;

    private OpenMetricsParser(boolean strict) {
        this.strict = strict;
    }

    /** Checks the whole OpenMetrics 1.0 specification. */
    public static OpenMetricsParser strict() {
        return STRICT;
    }

    /** Checks the grammar only, accepting what Prometheus's scraper accepts. */
    public static OpenMetricsParser prometheusCompatible() {
        return PROMETHEUS_COMPATIBLE;
    }

    public boolean isStrict() {
        return strict;
    }

    @Override
    public void parse(byte[] body, ScrapeHandler handler) throws ExpositionException {
        requireNonNull(body, "body is null");
        requireNonNull(handler, "handler is null");
        new Run(body, handler, strict).parseAll();
    }

    private enum MetadataKeyword {
        TYPE,
        HELP,
        UNIT
    }

    /** The mutable state of one parse. */
    private static final class Run extends TextScanner {
        private final ScrapeHandler handler;
        private final MetadataCollector metadata;
        private final OpenMetricsValidator validator;
        private final LabelSetBuilder labels = new LabelSetBuilder();
        private final LabelSetBuilder exemplarLabels = new LabelSetBuilder();
        /** The type of the latest TYPE line, which decides le/quantile normalization without a validator. */
        private MetricType lastType = MetricType.UNKNOWN;

        Run(byte[] body, ScrapeHandler handler, boolean strict) {
            super(body);
            this.handler = handler;
            this.metadata = new MetadataCollector(handler);
            this.validator = strict ? new OpenMetricsValidator(this) : null;
        }

        void parseAll() throws ExpositionException {
            if (end == 0) {
                throw error(0, "empty body: an OpenMetrics exposition ends with \"# EOF\"");
            }
            while (true) {
                if (pos >= end) {
                    throw error(pos, "missing \"# EOF\" at the end of the exposition");
                }
                byte c = in[pos];
                if (c == '#') {
                    if (startsWith(pos, "# EOF") && (pos + 5 == end || in[pos + 5] == '\n')) {
                        int after = Math.min(pos + 6, end);
                        if (after != end) {
                            throw error(after, "text after \"# EOF\"");
                        }
                        if (validator != null) {
                            validator.finish(pos);
                        }
                        metadata.flush();
                        return;
                    }
                    metadataLine();
                } else if (c == '\n') {
                    throw error(pos, "empty line");
                } else {
                    sample();
                }
            }
        }

        /** The index of this line's line feed; a line without one means the # EOF is missing. */
        private int requireLineEnd(int from) throws ExpositionException {
            int lineEnd = lineEnd(from);
            if (lineEnd >= end) {
                throw error(from, "missing \"# EOF\" at the end of the exposition");
            }
            return lineEnd;
        }

        private void expect(byte expected, String what) throws ExpositionException {
            if (pos >= end || in[pos] != expected) {
                throw error(pos, "expected " + what + ", got " + describe(pos));
            }
            pos++;
        }

        private void metadataLine() throws ExpositionException {
            int lineStart = pos;
            MetadataKeyword keyword = null;
            for (MetadataKeyword candidate : MetadataKeyword.values()) {
                if (startsWith(pos, "# " + candidate.name())) {
                    keyword = candidate;
                }
            }
            if (keyword == null) {
                throw error(pos, "only # TYPE, # HELP, # UNIT and a final # EOF may start with '#'");
            }
            pos += 6;
            expect((byte) ' ', "a space after # " + keyword);
            String name = metricName("# " + keyword);
            expect((byte) ' ', "a space after the metric name of # " + keyword);
            int lineEnd = requireLineEnd(pos);
            switch (keyword) {
                case TYPE -> {
                    MetricType type = typeNamed(pos, lineEnd);
                    if (type == null) {
                        throw error(pos, "invalid metric type \"" + strings.get(in, pos, lineEnd) + "\" (expected counter, gauge, "
                                + "histogram, gaugehistogram, stateset, info, summary or unknown)");
                    }
                    if (validator != null) {
                        validator.type(name, type, lineStart);
                    }
                    lastType = type;
                    metadata.type(name, type);
                }
                case HELP -> {
                    checkHelp(pos, lineEnd);
                    if (validator != null) {
                        validator.help(name, lineStart);
                    }
                    metadata.help(name, decodeHelp(pos, lineEnd, true));
                }
                case UNIT -> {
                    for (int i = pos; i < lineEnd; i++) {
                        if (!isMetricNameChar(in[i])) {
                            throw error(i, "invalid character " + describe(i) + " in UNIT");
                        }
                    }
                    String unit = strings.get(in, pos, lineEnd);
                    if (!unit.isEmpty() && !(name.endsWith(unit) && name.length() > unit.length()
                            && name.charAt(name.length() - unit.length() - 1) == '_')) {
                        throw error(lineStart, "unit \"" + unit + "\" is not the suffix of metric family name \"" + name + "\"");
                    }
                    if (validator != null) {
                        validator.unit(name, unit, lineStart);
                    }
                    metadata.unit(name, unit);
                }
            }
            pos = lineEnd + 1;
        }

        private void checkHelp(int from, int to) throws ExpositionException {
            int invalid = Utf8.firstInvalid(in, from, to);
            if (invalid >= 0) {
                throw error(invalid, "HELP text is not valid UTF-8");
            }
            if (validator == null) {
                return;
            }
            if (to > from && in[to - 1] == '\r') {
                throw error(to - 1, "carriage return at the end of a line (lines end with a line feed only)");
            }
            // A backslash escapes the next character, so it cannot end the text. (A bare double quote,
            // which the ABNF's escaped-string excludes, is accepted: the conformance suite's
            // help_escaping case requires it.)
            for (int i = from; i < to; i++) {
                if (in[i] == '\\') {
                    if (i + 1 >= to) {
                        throw error(i, "backslash at the end of HELP text");
                    }
                    i++;
                }
            }
        }

        private MetricType typeNamed(int from, int to) {
            for (MetricType type : MetricType.values()) {
                if (equalsAscii(from, to, type.wireName())) {
                    return type;
                }
            }
            return null;
        }

        /** A metric name: the unquoted ABNF form or, as in Prometheus 3, a quoted UTF-8 string. */
        private String metricName(String where) throws ExpositionException {
            if (pos < end && in[pos] == '"') {
                int close = scanQuoted(pos, false);
                String name = decodeQuoted(pos + 1, close, quotedHadEscape);
                if (name.isEmpty()) {
                    throw error(pos, "empty metric name in " + where);
                }
                pos = close + 1;
                return name;
            }
            if (pos >= end || !isMetricNameStart(in[pos])) {
                throw error(pos, "expected a metric name in " + where + ", got " + describe(pos));
            }
            int nameEnd = scanMetricName(pos);
            String name = strings.get(in, pos, nameEnd);
            pos = nameEnd;
            return name;
        }

        private void sample() throws ExpositionException {
            int lineStart = pos;
            requireLineEnd(pos);
            labels.reset();
            // The name goes first: it sorts before lower-case label names, so sorting rarely moves it.
            labels.add(Labels.METRIC_NAME, "");
            String name = null;
            if (in[pos] != '{') {
                if (!isMetricNameStart(in[pos])) {
                    throw error(pos, "expected a metric name at the start of the line, got " + describe(pos));
                }
                int nameEnd = scanMetricName(pos);
                name = strings.get(in, pos, nameEnd);
                pos = nameEnd;
            }
            if (pos < end && in[pos] == '{') {
                name = labelSet(labels, name, false);
                if (name == null) {
                    throw error(lineStart, "metric name not set: a label set without a name needs a quoted name inside the braces");
                }
            }
            expect((byte) ' ', "a space before the sample value");
            double value = number("sample value");

            boolean hasTimestamp = false;
            double timestampSeconds = 0;
            boolean hasExemplar = false;
            double exemplarValue = 0;
            long exemplarTimestamp = ScrapeHandler.NO_TIMESTAMP;
            int exemplarCodePoints = 0;
            if (in[pos] == ' ') {
                pos++;
                if (in[pos] != '#') {
                    timestampSeconds = timestamp("timestamp");
                    hasTimestamp = true;
                    if (in[pos] == ' ') {
                        pos++;
                        if (in[pos] != '#') {
                            throw error(pos, "expected end of line or an exemplar after the timestamp, got " + describe(pos));
                        }
                    }
                }
                if (in[pos] == '#') {
                    pos++;
                    expect((byte) ' ', "a space after the '#' that opens an exemplar");
                    if (in[pos] != '{') {
                        throw error(pos, "expected the exemplar's label set, got " + describe(pos));
                    }
                    exemplarLabels.reset();
                    labelSet(exemplarLabels, null, true);
                    exemplarCodePoints = exemplarLabelCodePoints();
                    expect((byte) ' ', "a space before the exemplar value");
                    exemplarValue = number("exemplar value");
                    if (in[pos] == ' ') {
                        pos++;
                        exemplarTimestamp = toMillis(timestamp("exemplar timestamp"));
                    }
                    hasExemplar = true;
                }
            }
            if (in[pos] != '\n') {
                throw error(pos, "expected end of line, got " + describe(pos));
            }
            pos++;

            labels.setValue(0, name);
            labels.sort();
            String duplicate = labels.duplicateName();
            if (duplicate != null) {
                throw error(lineStart, "duplicate label name \"" + duplicate + "\"");
            }
            if (hasExemplar) {
                exemplarLabels.sort();
                String exemplarDuplicate = exemplarLabels.duplicateName();
                if (exemplarDuplicate != null) {
                    throw error(lineStart, "duplicate exemplar label name \"" + exemplarDuplicate + "\"");
                }
            }
            MetricType familyType = lastType;
            if (validator != null) {
                familyType = validator.sample(name, labels, value, hasTimestamp, timestampSeconds, hasExemplar,
                        exemplarValue, exemplarCodePoints, lineStart);
            }
            normalizeBounds(familyType);
            metadata.flush();
            Labels sampleLabels = labels.build();
            handler.sample(sampleLabels, value, hasTimestamp ? toMillis(timestampSeconds) : ScrapeHandler.NO_TIMESTAMP);
            List<String> emptyNames = labels.emptyNames();
            if (!emptyNames.isEmpty()) {
                handler.emptyLabels(emptyNames);
            }
            if (hasExemplar) {
                handler.exemplar(sampleLabels, new Exemplar(exemplarLabels.build(), exemplarValue, exemplarTimestamp));
            }
        }

        private void normalizeBounds(MetricType familyType) {
            String boundLabel = switch (familyType) {
                case HISTOGRAM -> "le";
                case SUMMARY -> "quantile";
                case COUNTER, GAUGE, GAUGEHISTOGRAM, INFO, STATESET, UNKNOWN -> null;
            };
            if (boundLabel == null) {
                return;
            }
            for (int i = 0; i < labels.size(); i++) {
                if (labels.name(i).equals(boundLabel)) {
                    labels.setValue(i, normalizeBound(labels.value(i)));
                }
            }
        }

        /** Code points of the exemplar's label names and values (decoded), which OpenMetrics limits. */
        private int exemplarLabelCodePoints() {
            int total = 0;
            for (int i = 0; i < exemplarLabels.size(); i++) {
                total += exemplarLabels.name(i).codePointCount(0, exemplarLabels.name(i).length());
                total += exemplarLabels.value(i).codePointCount(0, exemplarLabels.value(i).length());
            }
            return total;
        }

        /** A number token ending at a space or line feed. */
        private double number(String what) throws ExpositionException {
            int start = pos;
            while (pos < end && in[pos] != ' ' && in[pos] != '\n') {
                pos++;
            }
            if (start == pos) {
                throw error(start, "expected " + what + ", got " + describe(start));
            }
            try {
                return Numbers.parseFloat(in, start, pos);
            } catch (Numbers.InvalidNumberException e) {
                throw error(start, e.getMessage() + " \"" + strings.get(in, start, pos) + "\" as " + what);
            }
        }

        /** A timestamp token in seconds: a real number, so neither NaN nor infinite. */
        private double timestamp(String what) throws ExpositionException {
            int start = pos;
            double seconds = number(what);
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw error(start, what + " must be a real number, got \"" + strings.get(in, start, pos) + "\"");
            }
            return seconds;
        }

        /** Seconds to milliseconds, truncated like Prometheus; saturates rather than overflowing. */
        private static long toMillis(double seconds) {
            long millis = (long) (seconds * 1000.0);
            return millis == ScrapeHandler.NO_TIMESTAMP ? ScrapeHandler.NO_TIMESTAMP + 1 : millis;
        }

        /**
         * Reads {@code {...}} at {@code pos} into {@code target}: labels separated by single commas,
         * no blanks. Returns the metric name, which a quoted name alone may set (not in exemplars).
         */
        private String labelSet(LabelSetBuilder target, String metricName, boolean exemplar) throws ExpositionException {
            String name = metricName;
            pos++;
            if (pos < end && in[pos] == '}') {
                pos++;
                return name;
            }
            while (true) {
                int nameStart = pos;
                String labelName;
                boolean quoted;
                if (pos < end && isLabelNameStart(in[pos])) {
                    int nameEnd = scanLabelName(pos);
                    labelName = strings.get(in, pos, nameEnd);
                    pos = nameEnd;
                    quoted = false;
                } else if (pos < end && in[pos] == '"') {
                    int close = scanQuoted(pos, false);
                    labelName = decodeQuoted(pos + 1, close, quotedHadEscape);
                    pos = close + 1;
                    quoted = true;
                } else {
                    throw error(pos, "expected label name, got " + describe(pos));
                }
                if (quoted && !exemplar && pos < end && (in[pos] == ',' || in[pos] == '}')) {
                    if (name != null) {
                        throw error(nameStart, "metric name already set");
                    }
                    if (labelName.isEmpty()) {
                        throw error(nameStart, "empty metric name");
                    }
                    name = labelName;
                } else {
                    if (labelName.isEmpty()) {
                        throw error(nameStart, "empty label name");
                    }
                    expect((byte) '=', "'=' after label name \"" + labelName + "\"");
                    if (pos >= end || in[pos] != '"') {
                        throw error(pos, "expected quoted label value, got " + describe(pos));
                    }
                    int close = scanQuoted(pos, false);
                    target.add(labelName, decodeQuoted(pos + 1, close, quotedHadEscape));
                    pos = close + 1;
                }
                if (pos < end && in[pos] == '}') {
                    pos++;
                    return name;
                }
                expect((byte) ',', "',' or '}' after a label");
                if (pos < end && in[pos] == '}') {
                    throw error(pos, "trailing comma in label set");
                }
            }
        }
    }
}
