package io.promless.differential;

import static java.util.Objects.requireNonNull;

import io.promless.storage.Series;
import java.util.List;

/**
 * The data both servers are loaded with: metric families whose samples all lie in
 * {@code [startMillis, endMillis]}.
 */
public record Dataset(List<MetricFamily> families, long startMillis, long endMillis) {
    public Dataset {
        families = List.copyOf(requireNonNull(families, "families is null"));
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("endMillis " + endMillis + " before startMillis " + startMillis);
        }
    }

    public List<Series> allSeries() {
        return families.stream().flatMap(family -> family.series().stream()).toList();
    }

    public int seriesCount() {
        return families.stream().mapToInt(family -> family.series().size()).sum();
    }

    public long sampleCount() {
        return families.stream().flatMap(family -> family.series().stream()).mapToLong(Series::size).sum();
    }
}
