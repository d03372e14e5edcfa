package io.promless.scrape.kubernetes;

import static java.util.Objects.requireNonNull;

import io.promless.config.KubernetesSdConfig;
import io.promless.config.StaticConfig;
import io.promless.scrape.TargetDiscovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Target groups from one {@code kubernetes_sd_configs} entry. Prometheus keeps a watch open; a
 * Lambda invocation cannot, so this discovery lists the role's objects afresh (paginated, with
 * the configured selectors, per namespace or cluster-wide) when {@code nowMillis} reaches the
 * next refresh, at most once per refresh interval. A refresh that fails (API server unreachable,
 * 401/403, a malformed answer) keeps the last good groups, is logged naming the job, the API
 * server and the problem, and is counted. Time is an argument. Thread-safe.
 */
public final class KubernetesDiscovery implements TargetDiscovery {
    /** Lists at most this often by default: the object churn a scrape interval can notice. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(KubernetesDiscovery.class.getName());

    private final String jobName;
    private final KubernetesSdConfig config;
    private final InCluster inCluster;
    private final Duration refreshInterval;
    private final LongAdder failures = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private ApiServerClient client;
    private List<StaticConfig> groups = List.of();
    private Optional<String> lastError = Optional.empty();
    private long nextRefreshMillis = Long.MIN_VALUE;

    public KubernetesDiscovery(String jobName, KubernetesSdConfig config, InCluster inCluster, Duration refreshInterval) {
        this.jobName = requireNonNull(jobName, "jobName is null");
        this.config = requireNonNull(config, "config is null");
        this.inCluster = requireNonNull(inCluster, "inCluster is null");
        this.refreshInterval = requireNonNull(refreshInterval, "refreshInterval is null");
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refreshInterval must be positive, got " + refreshInterval);
        }
    }

    @Override
    public synchronized List<StaticConfig> groups(long nowMillis) {
        if (nowMillis >= nextRefreshMillis) {
            refresh();
            nextRefreshMillis = nowMillis + refreshInterval.toMillis();
        }
        return groups;
    }

    /** Refreshes that failed (the previous groups were kept). */
    @Override
    public long failures() {
        return failures.sum();
    }

    /** Refreshes that succeeded. */
    public long refreshes() {
        return refreshes.sum();
    }

    /** Why the latest refresh failed; empty after a successful one. */
    public synchronized Optional<String> lastError() {
        return lastError;
    }

    @Override
    public String sectionName() {
        return KubernetesSdConfig.SECTION;
    }

    private void refresh() {
        try {
            if (client == null) {
                client = ApiServerConnector.connect(config, inCluster);
            }
            ClusterSnapshot snapshot = ClusterLister.snapshot(client, config, namespaces());
            groups = RoleTargets.groups(config.role(), snapshot, config.attachMetadata());
            lastError = Optional.empty();
            refreshes.increment();
        } catch (RuntimeException e) {
            // Whatever went wrong (a refusal, an unusable api_server URL, an unexpected object),
            // discovery keeps serving the last good targets.
            failures.increment();
            String problem = e instanceof KubernetesApiException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            lastError = Optional.of(problem);
            LOG.log(System.Logger.Level.ERROR, "kubernetes_sd: job \"" + jobName + "\" (role " + config.role() + ", api_server "
                    + server() + "): refresh failed, keeping the " + groups.size() + " previous targets: " + problem);
        }
    }

    private String server() {
        if (client != null) {
            return client.server().toString();
        }
        return config.apiServer().or(() -> config.kubeconfigFile().map(file -> "from kubeconfig_file " + file))
                .orElse("in-cluster");
    }

    private List<String> namespaces() {
        List<String> namespaces = new ArrayList<>(config.namespaces().names());
        if (config.namespaces().ownNamespace()) {
            namespaces.add(ApiServerConnector.ownNamespace(inCluster));
        }
        return namespaces;
    }
}
