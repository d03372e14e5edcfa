package io.promless.scrape.kubernetes;

import static io.promless.scrape.kubernetes.MetaLabels.PREFIX;
import static io.promless.scrape.kubernetes.MetaLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.promless.config.KubernetesSdConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Role {@code endpoints}: per subset, per port, one target for each ready address and then each
 * not-ready one ({@code endpoint_ready} true or false); the service of the same name lends its
 * labels to the group; pods behind addresses lend theirs (see {@link BackingPods}).
 */
final class EndpointsTargets {
    private EndpointsTargets() {}

    static TargetGroup build(JsonNode endpoints, ClusterSnapshot snapshot, KubernetesSdConfig.AttachMetadata attach) {
        JsonNode metadata = endpoints.path("metadata");
        String namespace = text(metadata, "namespace");
        String name = text(metadata, "name");
        Map<String, String> group = new LinkedHashMap<>();
        group.put(MetaLabels.NAMESPACE, namespace);
        snapshot.service(namespace, name).ifPresent(service -> group.putAll(ServiceTargets.serviceLabels(service)));
        MetaLabels.addObjectMeta(group, metadata, "endpoints");
        if (attach.namespace()) {
            AttachedMetadata.addNamespace(group, snapshot, namespace);
        }
        List<Map<String, String>> targets = new ArrayList<>();
        BackingPods pods = new BackingPods();
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode port : subset.path("ports")) {
                for (JsonNode address : subset.path("addresses")) {
                    targets.add(target(address, port, "true", snapshot, attach, pods));
                }
                for (JsonNode address : subset.path("notReadyAddresses")) {
                    targets.add(target(address, port, "false", snapshot, attach, pods));
                }
            }
        }
        pods.addUncoveredPorts(targets);
        return new TargetGroup("endpoints/" + namespace + "/" + name, group, targets);
    }

    private static Map<String, String> target(JsonNode address, JsonNode port, String ready, ClusterSnapshot snapshot,
            KubernetesSdConfig.AttachMetadata attach, BackingPods pods) {
        String number = port.path("port").asText("0");
        Map<String, String> target = new LinkedHashMap<>();
        target.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(text(address, "ip"), number));
        target.put(PREFIX + "endpoint_port_name", text(port, "name"));
        target.put(PREFIX + "endpoint_port_protocol", text(port, "protocol"));
        target.put(PREFIX + "endpoint_ready", ready);
        JsonNode reference = address.path("targetRef");
        boolean hasReference = MetaLabels.has(address, "targetRef");
        if (hasReference) {
            target.put(PREFIX + "endpoint_address_target_kind", text(reference, "kind"));
            target.put(PREFIX + "endpoint_address_target_name", text(reference, "name"));
        }
        if (MetaLabels.has(address, "nodeName")) {
            target.put(PREFIX + "endpoint_node_name", text(address, "nodeName"));
        }
        if (!text(address, "hostname").isEmpty()) {
            target.put(PREFIX + "endpoint_hostname", text(address, "hostname"));
        }
        if (attach.node()) {
            if (MetaLabels.has(address, "nodeName")) {
                AttachedMetadata.addNode(target, snapshot, text(address, "nodeName"));
            } else if (hasReference && text(reference, "kind").equals("Node")) {
                AttachedMetadata.addNode(target, snapshot, text(reference, "name"));
            }
        }
        Optional<JsonNode> pod = hasReference && text(reference, "kind").equals("Pod")
                ? snapshot.pod(text(reference, "namespace"), text(reference, "name"))
                : Optional.empty();
        pod.ifPresent(found -> pods.attach(target, found, OptionalLong.of(port.path("port").asLong()), text(port, "protocol")));
        return target;
    }
}
