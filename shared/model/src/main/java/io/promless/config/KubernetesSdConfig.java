package io.promless.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One {@code kubernetes_sd_configs} entry, validated as Prometheus validates it. The API server
 * comes from {@code api_server} (with the HTTP client settings), from {@code kubeconfig_file}, or,
 * when both are absent, from the in-cluster service account. Relative file names are already
 * resolved against the config file's directory.
 *
 * @param apiServer the API server URL, when written
 * @param role the kind of objects that become targets
 * @param kubeconfigFile a kubeconfig file to take the server and credentials from
 * @param httpClient authorization, TLS and proxy settings for {@code api_server}
 * @param namespaces the namespaces to list in; all of them when {@link Namespaces#isAll()}
 * @param selectors label and field selectors per listed role, at most one per role
 * @param attachMetadata whether node and namespace metadata are attached to targets
 */
public record KubernetesSdConfig(
        Optional<String> apiServer,
        KubernetesRole role,
        Optional<String> kubeconfigFile,
        HttpClientConfig httpClient,
        Namespaces namespaces,
        List<Selector> selectors,
        AttachMetadata attachMetadata) implements DiscoveryConfig {
    public static final String SECTION = "kubernetes_sd_configs";

    public KubernetesSdConfig {
        requireNonNull(apiServer, "apiServer is null");
        requireNonNull(role, "role is null");
        requireNonNull(kubeconfigFile, "kubeconfigFile is null");
        requireNonNull(httpClient, "httpClient is null");
        requireNonNull(namespaces, "namespaces is null");
        selectors = List.copyOf(selectors);
        requireNonNull(attachMetadata, "attachMetadata is null");
    }

    /** {@code namespaces}: explicit names, plus the pod's own namespace when {@code own_namespace}. */
    public record Namespaces(boolean ownNamespace, List<String> names) {
        public static final Namespaces ALL = new Namespaces(false, List.of());

        public Namespaces {
            names = List.copyOf(names);
        }

        /** No names and not the own namespace: every namespace is listed. */
        public boolean isAll() {
            return names.isEmpty() && !ownNamespace;
        }
    }

    /** One {@code selectors} entry: the label and field selectors used when listing {@code role}'s objects. */
    public record Selector(KubernetesRole role, String label, String field) {
        public Selector {
            requireNonNull(role, "role is null");
            requireNonNull(label, "label is null");
            requireNonNull(field, "field is null");
        }
    }

    /** {@code attach_metadata}: add the labels of the node a target runs on, or of its namespace. */
    public record AttachMetadata(boolean node, boolean namespace) {
        public static final AttachMetadata NONE = new AttachMetadata(false, false);
    }

    /** The selector for listing objects of {@code listed}, if one is configured. */
    public Optional<Selector> selectorFor(KubernetesRole listed) {
        return selectors.stream().filter(selector -> selector.role() == listed).findFirst();
    }

    @Override
    public String sectionName() {
        return SECTION;
    }
}
