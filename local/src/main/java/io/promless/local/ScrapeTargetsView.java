package io.promless.local;

import static java.util.Objects.requireNonNull;

import io.promless.api.TargetsView;
import io.promless.model.labels.Labels;
import io.promless.scrape.ScrapeResult;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.ScrapeTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** /api/v1/targets from the scrape engine: each configured target with its latest scrape. */
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
                    discoveredLabels(target),
                    target.labels(),
                    target.jobName(),
                    target.url().toString(),
                    target.url().toString(),
                    last.flatMap(ScrapeResult::error).orElse(""),
                    last.map(result -> Instant.ofEpochMilli(result.timestampMillis())).orElse(null),
                    last.map(result -> Duration.ofNanos((long) (result.durationSeconds() * 1e9))).orElse(Duration.ZERO),
                    health,
                    target.config().scrapeInterval(),
                    target.config().scrapeTimeout()));
        }
        return new Snapshot(active, List.of());
    }

    /** What service discovery would have handed over before relabelling, as Prometheus shows it. */
    private static Labels discoveredLabels(ScrapeTarget target) {
        Labels.Builder labels = target.labels().toBuilder()
                .remove("instance")
                .set("__address__", target.address())
                .set("__metrics_path__", target.config().metricsPath())
                .set("__scheme__", target.config().scheme())
                .set("__scrape_interval__", io.promless.config.PrometheusDuration.format(target.config().scrapeInterval()))
                .set("__scrape_timeout__", io.promless.config.PrometheusDuration.format(target.config().scrapeTimeout()));
        return labels.build();
    }
}
