package io.promless.storage;

import io.promless.model.MetricMetadata;
import java.util.List;
import java.util.Map;

/**
 * Where metric metadata (TYPE, HELP, UNIT per metric family) is kept for /api/v1/metadata.
 * Scrapes and remote-write receivers {@link #put} what they see; the API {@link #get}s it.
 *
 * <p>Values are deduplicated as Prometheus does: per metric family name, each distinct
 * (type, help, unit) triple is kept once, in the order first seen. A family whose help text
 * changed therefore shows both texts, as Prometheus shows both when two targets disagree.
 * Implementations may bound how many distinct entries they keep per family (dropping the
 * oldest) and say so.
 *
 * <p>Thread-safe: puts and gets may run concurrently; a get sees each put wholly or not at all
 * per family. {@code put} is idempotent, so a redelivered batch changes nothing.
 */
public interface MetadataStore {
    /** Records the entries; entries already known are ignored. An empty list is a no-op. */
    void put(List<MetricMetadata> metadata);

    /**
     * The known metadata by metric family name, names in ascending order.
     *
     * @param metric one family name, or "" for all
     * @param limit the most families to return; negative means no limit (0 returns none, as in
     *     Prometheus)
     * @param limitPerMetric the most entries per family; 0 or negative means no limit
     * @return an immutable map of immutable, non-empty lists; empty when nothing is known
     */
    Map<String, List<MetricMetadata>> get(String metric, int limit, int limitPerMetric);
}
