package io.promless.storage;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link MetadataStore} in memory: for tests, and as the cache in front of persistent stores.
 * Keeps at most {@link #MAX_ENTRIES_PER_METRIC} distinct entries per family, dropping the oldest,
 * so a family whose help text keeps changing cannot grow without bound.
 */
public final class InMemoryMetadataStore implements MetadataStore {
    public static final int MAX_ENTRIES_PER_METRIC = 16;

    private final ConcurrentNavigableMap<String, List<MetricMetadata>> families = new ConcurrentSkipListMap<>();

    @Override
    public void put(List<MetricMetadata> metadata) {
        requireNonNull(metadata, "metadata is null");
        for (MetricMetadata entry : metadata) {
            requireNonNull(entry, "metadata entry is null");
            // The stored lists are immutable; compute swaps them atomically per family.
            families.compute(entry.metricFamilyName(), (name, known) -> withEntry(known, entry));
        }
    }

    private static List<MetricMetadata> withEntry(List<MetricMetadata> known, MetricMetadata entry) {
        if (known == null) {
            return List.of(entry);
        }
        if (known.contains(entry)) {
            return known;
        }
        List<MetricMetadata> grown = new ArrayList<>(known.size() + 1);
        grown.addAll(known.size() < MAX_ENTRIES_PER_METRIC ? known : known.subList(1, known.size()));
        grown.add(entry);
        return List.copyOf(grown);
    }

    @Override
    public Map<String, List<MetricMetadata>> get(String metric, int limit, int limitPerMetric) {
        requireNonNull(metric, "metric is null");
        Map<String, List<MetricMetadata>> chosen = metric.isEmpty()
                ? families
                : families.subMap(metric, true, metric, true);
        Map<String, List<MetricMetadata>> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<MetricMetadata>> family : chosen.entrySet()) {
            if (limit >= 0 && result.size() >= limit) {
                break;
            }
            List<MetricMetadata> entries = family.getValue();
            if (limitPerMetric > 0 && entries.size() > limitPerMetric) {
                entries = entries.subList(0, limitPerMetric);
            }
            result.put(family.getKey(), List.copyOf(entries));
        }
        return Collections.unmodifiableMap(result);
    }
}
