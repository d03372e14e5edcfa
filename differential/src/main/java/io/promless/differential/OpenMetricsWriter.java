package io.promless.differential;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Label;
import io.promless.storage.Series;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link Dataset} as OpenMetrics 1.0 text with a timestamp on every sample, the input
 * of {@code promtool tsdb create-blocks-from openmetrics}. Families are written one after the
 * other, each series' samples in time order; the text ends with {@code # EOF}.
 */
public final class OpenMetricsWriter {
    private OpenMetricsWriter() {}

    public static void write(Dataset dataset, Writer out) throws IOException {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(out, "out is null");
        StringBuilder line = new StringBuilder(256);
        for (MetricFamily family : dataset.families()) {
            out.write("# HELP " + family.name() + " " + family.help() + "\n");
            out.write("# TYPE " + family.name() + " " + family.type().openMetricsName() + "\n");
            for (Series series : family.series()) {
                String prefix = seriesText(series);
                for (int i = 0; i < series.size(); i++) {
                    line.setLength(0);
                    line.append(prefix).append(' ').append(formatValue(series.values()[i]))
                            .append(' ').append(formatTimestamp(series.timestamps()[i])).append('\n');
                    out.write(line.toString());
                }
            }
        }
        out.write("# EOF\n");
    }

    /** A float as Go's ParseFloat reads it back to the same double: NaN, +Inf, -Inf or Java's shortest form. */
    public static String formatValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    /** Milliseconds as OpenMetrics seconds with exactly three decimals, e.g. {@code 1700000000.005}. */
    public static String formatTimestamp(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative timestamps are not written: " + millis);
        }
        return (millis / 1000) + "." + String.format("%03d", millis % 1000);
    }

    private static String seriesText(Series series) {
        StringBuilder text = new StringBuilder(series.labels().metricName());
        boolean first = true;
        for (Label label : series.labels()) {
            if (label.name().equals("__name__")) {
                continue;
            }
            text.append(first ? '{' : ',');
            first = false;
            text.append(label.name()).append("=\"").append(escape(label.value())).append('"');
        }
        if (!first) {
            text.append('}');
        }
        return text.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
