package io.promless.api;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The scrape engine's targets as /api/v1/targets shows them. The composition root fills it from
 * the scrape engine's state (or its last persisted state, for the query function); a server
 * that scrapes nothing answers an empty snapshot. Thread-safe; called once per request.
 */
@FunctionalInterface
public interface TargetsView {
    /** Shows no targets: correct for a server that has none configured. */
    TargetsView NONE = () -> new Snapshot(List.of(), List.of());

    Snapshot targets();

    /**
     * Active targets in the order the scrape engine keeps them within a pool, dropped ones, and
     * the names of all configured scrape pools (also those without targets).
     */
    record Snapshot(List<String> scrapePools, List<ActiveTarget> active, List<DroppedTarget> dropped) {
        public Snapshot {
            scrapePools = List.copyOf(new TreeSet<>(requireNonNull(scrapePools, "scrapePools is null")));
            active = List.copyOf(requireNonNull(active, "active is null"));
            dropped = List.copyOf(requireNonNull(dropped, "dropped is null"));
        }

        /** A snapshot whose pools are those its targets name. */
        public Snapshot(List<ActiveTarget> active, List<DroppedTarget> dropped) {
            this(poolsOf(active, dropped), active, dropped);
        }

        private static List<String> poolsOf(List<ActiveTarget> active, List<DroppedTarget> dropped) {
            Set<String> pools = new TreeSet<>();
            active.forEach(target -> pools.add(target.scrapePool()));
            dropped.forEach(target -> pools.add(target.scrapePool()));
            return List.copyOf(pools);
        }
    }

    /**
     * A target being scraped.
     *
     * @param discoveredLabels labels from service discovery before relabelling
     * @param labels labels after relabelling, as they go on the target's series
     * @param lastScrape the start of the last scrape; null if never scraped
     * @param lastScrapeDuration how long the last scrape took; zero if never scraped
     * @param lastError the last scrape's error; "" when it succeeded
     */
    record ActiveTarget(
            Labels discoveredLabels,
            Labels labels,
            String scrapePool,
            String scrapeUrl,
            String globalUrl,
            String lastError,
            Instant lastScrape,
            Duration lastScrapeDuration,
            Health health,
            Duration scrapeInterval,
            Duration scrapeTimeout) {
        public ActiveTarget {
            requireNonNull(discoveredLabels, "discoveredLabels is null");
            requireNonNull(labels, "labels is null");
            requireNonNull(scrapePool, "scrapePool is null");
            requireNonNull(scrapeUrl, "scrapeUrl is null");
            requireNonNull(globalUrl, "globalUrl is null");
            requireNonNull(lastError, "lastError is null");
            requireNonNull(lastScrapeDuration, "lastScrapeDuration is null");
            requireNonNull(health, "health is null");
            requireNonNull(scrapeInterval, "scrapeInterval is null");
            requireNonNull(scrapeTimeout, "scrapeTimeout is null");
        }
    }

    /** A discovered target that relabelling dropped. */
    record DroppedTarget(Labels discoveredLabels, String scrapePool) {
        public DroppedTarget {
            requireNonNull(discoveredLabels, "discoveredLabels is null");
            requireNonNull(scrapePool, "scrapePool is null");
        }
    }

    /** Prometheus's target health values. */
    enum Health {
        UP("up"),
        DOWN("down"),
        UNKNOWN("unknown");

        private final String wireName;

        Health(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
