package io.promless.scrape.state;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/**
 * The resolved targets as the scrape side last saw them (after discovery and relabeling): what
 * /api/v1/targets lists besides health. Written only when it changes.
 */
public record TargetCatalog(List<String> scrapePools, List<ActiveTarget> active, List<DroppedTarget> dropped) {
    public TargetCatalog {
        scrapePools = List.copyOf(new TreeSet<>(requireNonNull(scrapePools, "scrapePools is null")));
        active = List.copyOf(requireNonNull(active, "active is null"));
        dropped = List.copyOf(requireNonNull(dropped, "dropped is null"));
    }

    public static final TargetCatalog EMPTY = new TargetCatalog(List.of(), List.of(), List.of());

    /** @param targetId {@link TargetSeriesState#idOf} of the target's key */
    public record ActiveTarget(String targetId, String scrapePool, String scrapeUrl, Labels discoveredLabels,
                               Labels labels, Duration scrapeInterval, Duration scrapeTimeout) {
        public ActiveTarget {
            requireNonNull(targetId, "targetId is null");
            requireNonNull(scrapePool, "scrapePool is null");
            requireNonNull(scrapeUrl, "scrapeUrl is null");
            requireNonNull(discoveredLabels, "discoveredLabels is null");
            requireNonNull(labels, "labels is null");
            requireNonNull(scrapeInterval, "scrapeInterval is null");
            requireNonNull(scrapeTimeout, "scrapeTimeout is null");
        }
    }

    public record DroppedTarget(String scrapePool, Labels discoveredLabels) {
        public DroppedTarget {
            requireNonNull(scrapePool, "scrapePool is null");
            requireNonNull(discoveredLabels, "discoveredLabels is null");
        }
    }
}
