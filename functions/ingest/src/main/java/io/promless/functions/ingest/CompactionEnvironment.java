package io.promless.functions.ingest;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.compact.CompactionSettings;
import io.promless.config.ConfigException;
import io.promless.config.PrometheusDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compaction and head-lifetime settings from environment variables (template.yaml sets them on
 * the ingest and compaction functions alike, so both agree on the head's TTL). Durations use
 * Prometheus's syntax ({@code 2h}, {@code 15d}, {@code 1d3h}); an absent or blank variable
 * keeps the default of {@link CompactionSettings}.
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><td>PROMLESS_COMPACTION_WINDOW</td><td>head window and level-1 block width (2h)</td></tr>
 *   <tr><td>PROMLESS_COMPACTION_GRACE</td><td>wait after a window's end before compacting it (1h)</td></tr>
 *   <tr><td>PROMLESS_LATE_SAMPLE_HORIZON</td><td>how long after its end a window is rechecked for late samples (2h)</td></tr>
 *   <tr><td>PROMLESS_HEAD_RETENTION</td><td>head TTL after a window's end (1d2h)</td></tr>
 *   <tr><td>PROMLESS_COMPACTION_LEVELS</td><td>larger block widths, comma-separated, or {@code none} (12h,48h)</td></tr>
 *   <tr><td>PROMLESS_RETENTION</td><td>block retention, like --storage.tsdb.retention.time (15d)</td></tr>
 * </table>
 */
public final class CompactionEnvironment {
    public static final String WINDOW = "PROMLESS_COMPACTION_WINDOW";
    public static final String GRACE = "PROMLESS_COMPACTION_GRACE";
    public static final String LATE_SAMPLE_HORIZON = "PROMLESS_LATE_SAMPLE_HORIZON";
    public static final String HEAD_RETENTION = "PROMLESS_HEAD_RETENTION";
    public static final String LEVELS = "PROMLESS_COMPACTION_LEVELS";
    public static final String RETENTION = "PROMLESS_RETENTION";

    private CompactionEnvironment() {}

    /** @throws IllegalArgumentException naming the variable when a value is not a valid duration or the set is inconsistent */
    public static CompactionSettings settings(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        CompactionSettings defaults = CompactionSettings.defaults();
        try {
            return new CompactionSettings(
                    duration(environment, WINDOW, defaults.window()),
                    duration(environment, GRACE, defaults.grace()),
                    duration(environment, LATE_SAMPLE_HORIZON, defaults.lateSampleHorizon()),
                    duration(environment, HEAD_RETENTION, defaults.headRetention()),
                    value(environment, LEVELS, defaults.levelRanges(), CompactionEnvironment::levels),
                    duration(environment, RETENTION, defaults.retention()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("compaction settings from the environment: " + e.getMessage(), e);
        }
    }

    /** The head TTL after a window's end that ingest writes onto segments (PROMLESS_HEAD_RETENTION). */
    public static Duration headRetention(Map<String, String> environment) {
        return settings(environment).headRetention();
    }

    private static Duration duration(Map<String, String> environment, String name, Duration fallback) {
        return value(environment, name, fallback, PrometheusDuration::parse);
    }

    private static <T> T value(Map<String, String> environment, String name, T fallback, Function<String, T> parser) {
        String text = environment.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return parser.apply(text.strip());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(name + "='" + text + "': " + e.getMessage(), e);
        }
    }

    private static List<Duration> levels(String text) {
        if (text.equals("none")) {
            return List.of();
        }
        List<Duration> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            ranges.add(PrometheusDuration.parse(part.strip()));
        }
        return ranges;
    }
}
