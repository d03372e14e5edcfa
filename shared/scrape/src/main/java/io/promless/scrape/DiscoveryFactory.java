package io.promless.scrape;

import io.promless.config.DiscoveryConfig;
import io.promless.config.ScrapeConfig;
import java.util.List;
import java.util.Optional;

/**
 * Turns a parsed discovery config into a running discovery. Mechanisms that need a cloud SDK
 * (EC2) live in adapter modules and are combined with the engine's own through {@link #or}.
 */
@FunctionalInterface
public interface DiscoveryFactory {
    /** A discovery for {@code config} of {@code job}, or empty when this factory does not handle its kind. */
    Optional<TargetDiscovery> create(ScrapeConfig job, DiscoveryConfig config);

    /** This factory, then {@code next} for configs this one does not handle. */
    default DiscoveryFactory or(DiscoveryFactory next) {
        return (job, config) -> create(job, config).or(() -> next.create(job, config));
    }

    /** The mechanisms that need nothing but the JDK: files and Kubernetes. */
    static DiscoveryFactory standard() {
        return StandardDiscoveries.FACTORY;
    }

    /** Every discovery {@code factory} creates for {@code job}, in config order; an unhandled config is an error. */
    static List<TargetDiscovery> createAll(DiscoveryFactory factory, ScrapeConfig job) {
        return job.discoveryConfigs().stream()
                .map(config -> factory.create(job, config).orElseThrow(() -> new IllegalStateException(
                        "no discovery for " + config.sectionName() + " in job " + job.jobName()
                                + " (this deployment does not include that mechanism)")))
                .toList();
    }
}
