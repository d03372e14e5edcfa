package io.promless.functions.query;

import static java.util.Objects.requireNonNull;

import io.promless.api.TargetMetadataView;
import io.promless.api.TargetsView;
import io.promless.scrape.state.HealthGroup;
import io.promless.scrape.state.ScrapeStateStore;
import io.promless.scrape.state.TargetCatalog;
import io.promless.scrape.state.TargetHealth;
import io.promless.scrape.state.TargetSeriesState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * /api/v1/targets and /api/v1/targets/metadata from what the scrape function stored: the
 * target catalog, the health groups (the newest entry of a target wins, so a target that moved
 * between groups shows its latest scrape) and, for metadata, the states of the matching targets
 * only. Each request reads the store afresh (one catalog, the groups). Thread-safe.
 */
final class StoredTargetsView implements TargetsView {
    private final ScrapeStateStore store;

    StoredTargetsView(ScrapeStateStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public Snapshot targets() {
        TargetCatalog catalog = store.loadCatalog().orElse(TargetCatalog.EMPTY);
        Map<String, TargetHealth> health = new HashMap<>();
        for (HealthGroup group : store.loadAllGroups()) {
            group.targets().forEach((id, entry) -> health.merge(id, entry,
                    (kept, other) -> other.lastScrapeMillis() > kept.lastScrapeMillis() ? other : kept));
        }
        List<ActiveTarget> active = new ArrayList<>(catalog.active().size());
        for (TargetCatalog.ActiveTarget target : catalog.active()) {
            TargetHealth last = health.get(target.targetId());
            active.add(new ActiveTarget(
                    target.discoveredLabels(),
                    target.labels(),
                    target.scrapePool(),
                    target.scrapeUrl(),
                    target.scrapeUrl(),
                    last == null ? "" : last.lastError(),
                    last == null ? null : Instant.ofEpochMilli(last.lastScrapeMillis()),
                    last == null ? Duration.ZERO : Duration.ofNanos(last.lastScrapeDurationNanos()),
                    last == null ? Health.UNKNOWN : last.up() ? Health.UP : Health.DOWN,
                    target.scrapeInterval(),
                    target.scrapeTimeout()));
        }
        List<DroppedTarget> dropped = new ArrayList<>(catalog.dropped().size());
        for (TargetCatalog.DroppedTarget target : catalog.dropped()) {
            dropped.add(new DroppedTarget(target.discoveredLabels(), target.scrapePool()));
        }
        return new Snapshot(catalog.scrapePools(), active, dropped);
    }

    /** The catalog's active targets; a target's metadata is read from its stored state when asked for. */
    TargetMetadataView metadataView() {
        return () -> {
            TargetCatalog catalog = store.loadCatalog().orElse(TargetCatalog.EMPTY);
            List<TargetMetadataView.Target> targets = new ArrayList<>(catalog.active().size());
            for (TargetCatalog.ActiveTarget target : catalog.active()) {
                targets.add(new TargetMetadataView.Target(target.labels(),
                        () -> store.loadTarget(target.targetId()).map(TargetSeriesState::metadata).orElse(List.of())));
            }
            return targets;
        };
    }
}
