package io.promless.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One {@code file_sd_configs} entry: target files by name or glob (a {@code *} in the last path
 * element only; relative names already resolved against the config file's directory), re-read
 * every {@code refresh_interval}.
 */
public record FileSdConfig(List<String> files, Duration refreshInterval) implements DiscoveryConfig {
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
    public static final String SECTION = "file_sd_configs";

    public FileSdConfig {
        files = List.copyOf(files);
        requireNonNull(refreshInterval, "refreshInterval is null");
    }

    @Override
    public String sectionName() {
        return SECTION;
    }
}
