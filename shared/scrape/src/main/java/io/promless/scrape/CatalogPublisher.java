package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusConfig;
import io.promless.config.ScrapeConfig;
import io.promless.scrape.state.ScrapeStateStore;
import io.promless.scrape.state.TargetCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the stored {@link TargetCatalog} (what /api/v1/targets lists) equal to the resolved
 * targets, writing it only when it changes: a container reads it once after a cold start, then
 * compares in memory. Thread-safe.
 */
final class CatalogPublisher {
    private static final System.Logger LOG = System.getLogger(CatalogPublisher.class.getName());

    private final ScrapeStateStore store;
    private TargetCatalog published;

    CatalogPublisher(ScrapeStateStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    synchronized void publish(PrometheusConfig config, List<ScrapeTarget> active, List<DroppedTarget> dropped) {
        TargetCatalog catalog = catalogOf(config, active, dropped);
        try {
            if (published == null) {
                published = store.loadCatalog().orElse(null);
            }
            if (!catalog.equals(published)) {
                store.saveCatalog(catalog);
                published = catalog;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "storing the target catalog failed, retrying next round: " + e);
        }
    }

    static TargetCatalog catalogOf(PrometheusConfig config, List<ScrapeTarget> active, List<DroppedTarget> dropped) {
        List<String> pools = new ArrayList<>();
        for (ScrapeConfig scrapeConfig : config.scrapeConfigs()) {
            pools.add(scrapeConfig.jobName());
        }
        List<TargetCatalog.ActiveTarget> activeTargets = new ArrayList<>(active.size());
        for (ScrapeTarget target : active) {
            activeTargets.add(new TargetCatalog.ActiveTarget(target.stateId(), target.jobName(), target.url().toString(),
                    target.discoveredLabels(), target.labels(), target.interval(), target.timeout()));
        }
        List<TargetCatalog.DroppedTarget> droppedTargets = new ArrayList<>(dropped.size());
        for (DroppedTarget target : dropped) {
            droppedTargets.add(new TargetCatalog.DroppedTarget(target.jobName(), target.discoveredLabels()));
        }
        return new TargetCatalog(pools, activeTargets, droppedTargets);
    }
}
