package io.promless.differential;

import static java.util.Objects.requireNonNull;

import io.promless.storage.Series;
import java.util.List;

/**
 * One generated metric family: its OpenMetrics name (without {@code _total} or the histogram
 * suffixes), type, help text and series. A histogram's series are its {@code _bucket},
 * {@code _sum} and {@code _count} series.
 */
public record MetricFamily(String name, FamilyType type, String help, List<Series> series) {
    public MetricFamily {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(help, "help is null");
        series = List.copyOf(requireNonNull(series, "series is null"));
    }
}
