package io.promless.telemetry;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes collected families in the Prometheus text exposition format, version 0.0.4. */
public final class TextFormat {
    /** The Content-Type header value that tells a scraper which format it gets. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private TextFormat() {}

    /** Writes each family that has samples as {@code # HELP}, {@code # TYPE} and one line per sample. */
    public static void write(List<MetricFamilySnapshot> families, Appendable out) throws IOException {
        requireNonNull(families, "families is null");
        requireNonNull(out, "out is null");
        for (MetricFamilySnapshot family : families) {
            if (family.samples().isEmpty()) {
                continue;
            }
            out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(typeName(family.type())).append('\n');
            for (MetricSample sample : family.samples()) {
                writeSample(sample, out);
            }
        }
    }

    public static String toText(List<MetricFamilySnapshot> families) {
        StringBuilder text = new StringBuilder();
        try {
            write(families, text);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not throw", e);
        }
        return text.toString();
    }

    /** Integral values without a fraction ("42"), others in Java's shortest form; +Inf, -Inf and NaN as Prometheus spells them. */
    static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static void writeSample(MetricSample sample, Appendable out) throws IOException {
        out.append(sample.name());
        List<String> names = sample.labelNames();
        if (!names.isEmpty()) {
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(names.get(i)).append("=\"").append(escapeLabelValue(sample.labelValues().get(i))).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(formatValue(sample.value())).append('\n');
    }

    // Text format 0.0.4: label values escape backslash, double quote and line feed.
    private static String escapeLabelValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '"' -> escaped.append("\\\"");
                case '\n' -> escaped.append("\\n");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    // Text format 0.0.4: HELP escapes only backslash and line feed.
    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String typeName(MetricType type) {
        return switch (type) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case HISTOGRAM -> "histogram";
            case SUMMARY -> "summary";
            // 0.0.4 knows no other types; untyped is what it calls the rest.
            case UNKNOWN, GAUGEHISTOGRAM, INFO, STATESET -> "untyped";
        };
    }
}
