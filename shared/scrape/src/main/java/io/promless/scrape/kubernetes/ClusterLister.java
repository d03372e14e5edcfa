package io.promless.scrape.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.promless.config.KubernetesRole;
import io.promless.config.KubernetesSdConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists what one role needs, with the selectors configured for each listed kind: the role's
 * objects, plus services and pods for endpoints and endpoint slices, nodes for attached node
 * metadata, and namespaces for attached namespace metadata. Namespaced kinds are listed per
 * namespace, or cluster-wide when no namespace is configured.
 */
final class ClusterLister {
    private static final String CORE = "/api/v1";
    private static final String DISCOVERY = "/apis/discovery.k8s.io/v1";
    private static final String NETWORKING = "/apis/networking.k8s.io/v1";

    private ClusterLister() {}

    /** @param namespaces the namespaces to list in; empty for all */
    static ClusterSnapshot snapshot(ApiServerClient client, KubernetesSdConfig config, List<String> namespaces) {
        KubernetesRole role = config.role();
        List<JsonNode> primary = switch (role) {
            case NODE -> client.list(CORE + "/nodes", config.selectorFor(KubernetesRole.NODE));
            case SERVICE -> namespaced(client, config, namespaces, CORE, "services", KubernetesRole.SERVICE);
            case POD -> namespaced(client, config, namespaces, CORE, "pods", KubernetesRole.POD);
            case ENDPOINTS -> namespaced(client, config, namespaces, CORE, "endpoints", KubernetesRole.ENDPOINTS);
            case ENDPOINTSLICE -> namespaced(client, config, namespaces, DISCOVERY, "endpointslices", KubernetesRole.ENDPOINTSLICE);
            case INGRESS -> namespaced(client, config, namespaces, NETWORKING, "ingresses", KubernetesRole.INGRESS);
        };
        boolean backedByPods = role == KubernetesRole.ENDPOINTS || role == KubernetesRole.ENDPOINTSLICE;
        List<JsonNode> services = backedByPods
                ? namespaced(client, config, namespaces, CORE, "services", KubernetesRole.SERVICE) : List.of();
        List<JsonNode> pods = backedByPods
                ? namespaced(client, config, namespaces, CORE, "pods", KubernetesRole.POD) : List.of();
        boolean nodeMetadata = config.attachMetadata().node()
                && (role == KubernetesRole.POD || backedByPods);
        List<JsonNode> nodes = nodeMetadata
                ? client.list(CORE + "/nodes", config.selectorFor(KubernetesRole.NODE)) : List.of();
        boolean namespaceMetadata = config.attachMetadata().namespace() && role != KubernetesRole.NODE;
        List<JsonNode> namespaceObjects = namespaceMetadata ? client.list(CORE + "/namespaces", Optional.empty()) : List.of();
        return new ClusterSnapshot(primary, services, pods, nodes, namespaceObjects);
    }

    private static List<JsonNode> namespaced(ApiServerClient client, KubernetesSdConfig config, List<String> namespaces,
            String group, String resource, KubernetesRole kind) {
        Optional<KubernetesSdConfig.Selector> selector = config.selectorFor(kind);
        if (namespaces.isEmpty()) {
            return client.list(group + "/" + resource, selector);
        }
        List<JsonNode> all = new ArrayList<>();
        for (String namespace : namespaces) {
            all.addAll(client.list(group + "/namespaces/" + namespace + "/" + resource, selector));
        }
        return all;
    }
}
