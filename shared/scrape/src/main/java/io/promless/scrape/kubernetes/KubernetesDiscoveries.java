package io.promless.scrape.kubernetes;

import static java.util.Objects.requireNonNull;

import io.promless.config.KubernetesSdConfig;
import io.promless.config.PrometheusDuration;
import io.promless.scrape.DiscoveryFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** The {@link DiscoveryFactory} of {@code kubernetes_sd_configs}. */
public final class KubernetesDiscoveries {
    /**
     * Sets the least time between two listings (a Prometheus duration such as {@code 1m}).
     * prometheus.yml has no such field for Kubernetes (Prometheus watches instead), so it is
     * set per deployment rather than per config.
     */
    public static final String REFRESH_INTERVAL_VARIABLE = "PROMLESS_KUBERNETES_SD_REFRESH_INTERVAL";
    private static final System.Logger LOG = System.getLogger(KubernetesDiscoveries.class.getName());

    private KubernetesDiscoveries() {}

    /**
     * In-cluster settings from the process; lists at most every
     * {@value #REFRESH_INTERVAL_VARIABLE} when set, else {@link KubernetesDiscovery#DEFAULT_REFRESH_INTERVAL}.
     */
    public static DiscoveryFactory standard() {
        return factory(InCluster.standard(), refreshInterval(System::getenv));
    }

    /** The interval {@value #REFRESH_INTERVAL_VARIABLE} names; the default when unset, or (logged) when not a positive duration. */
    static Duration refreshInterval(Function<String, String> environment) {
        String value = environment.apply(REFRESH_INTERVAL_VARIABLE);
        if (value == null || value.isBlank()) {
            return KubernetesDiscovery.DEFAULT_REFRESH_INTERVAL;
        }
        try {
            Duration interval = PrometheusDuration.parse(value.trim());
            if (!interval.isZero()) {
                return interval;
            }
        } catch (RuntimeException e) {
            // Reported below; a bad value must not stop the scrape side from starting.
        }
        LOG.log(System.Logger.Level.WARNING, REFRESH_INTERVAL_VARIABLE + "=\"" + value + "\" is not a positive duration such as 30s or 2m; using "
                + PrometheusDuration.format(KubernetesDiscovery.DEFAULT_REFRESH_INTERVAL));
        return KubernetesDiscovery.DEFAULT_REFRESH_INTERVAL;
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
