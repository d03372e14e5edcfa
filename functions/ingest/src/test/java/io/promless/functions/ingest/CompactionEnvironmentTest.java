package io.promless.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.compact.CompactionSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompactionEnvironmentTest {
    @Test
    void absentOrBlankVariablesKeepTheDefaults() {
        assertThat(CompactionEnvironment.settings(Map.of())).isEqualTo(CompactionSettings.defaults());
        assertThat(CompactionEnvironment.settings(Map.of(CompactionEnvironment.RETENTION, " ")))
                .isEqualTo(CompactionSettings.defaults());
        assertThat(CompactionEnvironment.headRetention(Map.of())).isEqualTo(Duration.ofHours(26));
    }

    @Test
    void readsEveryVariableInPrometheusDurations() {
        CompactionSettings settings = CompactionEnvironment.settings(Map.of(
                CompactionEnvironment.WINDOW, "1h",
                CompactionEnvironment.GRACE, "30m",
                CompactionEnvironment.LATE_SAMPLE_HORIZON, "1h30m",
                CompactionEnvironment.HEAD_RETENTION, "6h",
                CompactionEnvironment.LEVELS, "4h, 1d",
                CompactionEnvironment.RETENTION, "90d"));
        assertThat(settings).isEqualTo(new CompactionSettings(Duration.ofHours(1), Duration.ofMinutes(30),
                Duration.ofMinutes(90), Duration.ofHours(6), List.of(Duration.ofHours(4), Duration.ofDays(1)), Duration.ofDays(90)));
        assertThat(CompactionEnvironment.settings(Map.of(CompactionEnvironment.LEVELS, "none")).levelRanges()).isEmpty();
    }

    static Stream<Arguments> badEnvironments() {
        return Stream.of(
                Arguments.of(Map.of(CompactionEnvironment.RETENTION, "15 days"), "PROMLESS_RETENTION='15 days'"),
                Arguments.of(Map.of(CompactionEnvironment.LEVELS, "12h,,48h"), "PROMLESS_COMPACTION_LEVELS='12h,,48h'"),
                Arguments.of(Map.of(CompactionEnvironment.LEVELS, "5h"), "level range PT5H must be a larger multiple of PT2H"),
                Arguments.of(Map.of(CompactionEnvironment.HEAD_RETENTION, "1h"), "late samples would expire uncompacted"),
                Arguments.of(Map.of(CompactionEnvironment.WINDOW, "-2h"), "PROMLESS_COMPACTION_WINDOW='-2h'"));
    }

    @ParameterizedTest
    @MethodSource("badEnvironments")
    void badValuesNameTheVariable(Map<String, String> environment, String message) {
        assertThatThrownBy(() -> CompactionEnvironment.settings(environment))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("compaction settings from the environment: ")
                .hasMessageContaining(message);
    }
}
