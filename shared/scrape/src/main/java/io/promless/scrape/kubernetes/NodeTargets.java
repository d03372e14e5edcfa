package io.promless.scrape.kubernetes;

import static io.promless.scrape.kubernetes.MetaLabels.PREFIX;
import static io.promless.scrape.kubernetes.MetaLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Role {@code node}: one target per node at its kubelet port, the address taken from the first
 * address of the first type present in Prometheus's preference order; {@code instance} is the
 * node name. A node without any address yields nothing.
 */
final class NodeTargets {
    private static final List<String> ADDRESS_PREFERENCE = List.of("InternalIP", "InternalDNS", "ExternalIP",
            "ExternalDNS", "LegacyHostIP", "Hostname");

    private NodeTargets() {}

    static Optional<TargetGroup> build(JsonNode node) {
        JsonNode metadata = node.path("metadata");
        Map<String, String> group = new LinkedHashMap<>();
        group.put(PREFIX + "node_provider_id", text(node.path("spec"), "providerID"));
        MetaLabels.addObjectMeta(group, metadata, "node");

        Map<String, String> firstByType = new LinkedHashMap<>();
        for (JsonNode address : node.path("status").path("addresses")) {
            firstByType.putIfAbsent(text(address, "type"), text(address, "address"));
        }
        Optional<String> host = ADDRESS_PREFERENCE.stream().filter(firstByType::containsKey).map(firstByType::get).findFirst();
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asText("0");
        Map<String, String> target = new LinkedHashMap<>();
        target.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(host.get(), port));
        target.put("instance", text(metadata, "name"));
        firstByType.forEach((type, address) -> target.put(MetaLabels.sanitize(PREFIX + "node_address_" + type), address));
        return Optional.of(new TargetGroup("node/" + text(metadata, "name"), group, List.of(target)));
    }
}
