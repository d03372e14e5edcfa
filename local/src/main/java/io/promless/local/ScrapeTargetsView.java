package io.promless.local;

import static java.util.Objects.requireNonNull;

import io.promless.api.TargetMetadataView;
import io.promless.api.TargetsView;
import io.promless.scrape.ScrapeResult;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.ScrapeTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * /api/v1/targets from the scrape engine: each active target with its latest scrape, and the
 * dropped ones; {@link #metadataView} gives /api/v1/targets/metadata from the same engine.
 */
final class ScrapeTargetsView implements TargetsView {
    private final ScrapeService scrape;

    ScrapeTargetsView(ScrapeService scrape) {
        this.scrape = requireNonNull(scrape, "scrape is null");
    }

    @Override
    public Snapshot targets() {
        List<ActiveTarget> active = new ArrayList<>();
        for (ScrapeTarget target : scrape.targets()) {
            Optional<ScrapeResult> last = scrape.engine().lastResult(target);
            Health health = last.map(result -> result.up() ? Health.UP : Health.DOWN).orElse(Health.UNKNOWN);
            active.add(new ActiveTarget(
                    target.discoveredLabels(),
                    target.labels(),
                    target.jobName(),
                    target.url().toString(),
                    target.url().toString(),
                    last.flatMap(ScrapeResult::error).orElse(""),
                    last.map(result -> Instant.ofEpochMilli(result.timestampMillis())).orElse(null),
                    last.map(result -> Duration.ofNanos((long) (result.durationSeconds() * 1e9))).orElse(Duration.ZERO),
                    health,
                    target.interval(),
                    target.timeout()));
        }
        List<DroppedTarget> dropped = new ArrayList<>();
        for (io.promless.scrape.DroppedTarget target : scrape.droppedTargets()) {
            dropped.add(new DroppedTarget(target.discoveredLabels(), target.jobName()));
        }
        List<String> pools = scrape.config().scrapeConfigs().stream().map(config -> config.jobName()).toList();
        return new Snapshot(pools, active, dropped);
    }

    /** The active targets with the metric metadata of their last successful scrape. */
    TargetMetadataView metadataView() {
        return () -> scrape.targets().stream()
                .map(target -> new TargetMetadataView.Target(target.labels(), () -> scrape.engine().lastMetadata(target)))
                .toList();
    }
}
