package io.promless.scrape.kubernetes;

import static io.promless.scrape.kubernetes.MetaLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects one refresh listed: the role's own objects plus those its labels draw on
 * (services and pods behind endpoints, nodes and namespaces for attached metadata), indexed by
 * name. Lists the role does not need are empty. Immutable.
 */
final class ClusterSnapshot {
    private final List<JsonNode> primary;
    private final Map<String, JsonNode> services;
    private final Map<String, JsonNode> pods;
    private final Map<String, JsonNode> nodes;
    private final Map<String, JsonNode> namespaces;

    ClusterSnapshot(List<JsonNode> primary, List<JsonNode> services, List<JsonNode> pods, List<JsonNode> nodes,
            List<JsonNode> namespaces) {
        this.primary = List.copyOf(primary);
        this.services = index(services, true);
        this.pods = index(pods, true);
        this.nodes = index(nodes, false);
        this.namespaces = index(namespaces, false);
    }

    /** The role's own objects, in the order the API server listed them. */
    List<JsonNode> primary() {
        return primary;
    }

    Optional<JsonNode> service(String namespace, String name) {
        return Optional.ofNullable(services.get(namespace + "/" + name));
    }

    Optional<JsonNode> pod(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name));
    }

    Optional<JsonNode> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    Optional<JsonNode> namespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    private static Map<String, JsonNode> index(List<JsonNode> objects, boolean namespaced) {
        Map<String, JsonNode> index = new HashMap<>();
        for (JsonNode object : objects) {
            JsonNode metadata = object.path("metadata");
            String key = namespaced ? text(metadata, "namespace") + "/" + text(metadata, "name") : text(metadata, "name");
            index.putIfAbsent(key, object);
        }
        return Map.copyOf(index);
    }
}
