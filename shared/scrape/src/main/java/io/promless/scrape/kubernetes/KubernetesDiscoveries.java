package io.promless.scrape.kubernetes;

import static java.util.Objects.requireNonNull;

import io.promless.config.KubernetesSdConfig;
import io.promless.scrape.DiscoveryFactory;
import java.time.Duration;
import java.util.Optional;

/** The {@link DiscoveryFactory} of {@code kubernetes_sd_configs}. */
public final class KubernetesDiscoveries {
    private KubernetesDiscoveries() {}

    /** In-cluster settings from the process, lists at most every {@link KubernetesDiscovery#DEFAULT_REFRESH_INTERVAL}. */
    public static DiscoveryFactory standard() {
        return factory(InCluster.standard(), KubernetesDiscovery.DEFAULT_REFRESH_INTERVAL);
    }

    /** @param refreshInterval the least time between two listings of one config */
    public static DiscoveryFactory factory(InCluster inCluster, Duration refreshInterval) {
        requireNonNull(inCluster, "inCluster is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
        return (job, config) -> config instanceof KubernetesSdConfig kubernetes
                ? Optional.of(new KubernetesDiscovery(job.jobName(), kubernetes, inCluster, refreshInterval))
                : Optional.empty();
    }
}
