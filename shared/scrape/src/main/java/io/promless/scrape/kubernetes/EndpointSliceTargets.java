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
 * Role {@code endpointslice} ({@code discovery.k8s.io/v1}): per endpoint, per port, one target for
 * each address; optional fields (port name, protocol, conditions, hostname, zone...) give labels
 * only when set. The service named by the slice's {@code kubernetes.io/service-name} label lends
 * its labels to the group; pods behind endpoints lend theirs (see {@link BackingPods}).
 */
final class EndpointSliceTargets {
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private EndpointSliceTargets() {}

    static TargetGroup build(JsonNode slice, ClusterSnapshot snapshot, KubernetesSdConfig.AttachMetadata attach) {
        JsonNode metadata = slice.path("metadata");
        String namespace = text(metadata, "namespace");
        Map<String, String> group = new LinkedHashMap<>();
        group.put(MetaLabels.NAMESPACE, namespace);
        group.put(PREFIX + "endpointslice_address_type", text(slice, "addressType"));
        MetaLabels.addObjectMeta(group, metadata, "endpointslice");
        if (MetaLabels.has(metadata.path("labels"), SERVICE_NAME_LABEL)) {
            snapshot.service(namespace, text(metadata.path("labels"), SERVICE_NAME_LABEL))
                    .ifPresent(service -> group.putAll(ServiceTargets.serviceLabels(service)));
        }
        if (attach.namespace()) {
            AttachedMetadata.addNamespace(group, snapshot, namespace);
        }
        List<Map<String, String>> targets = new ArrayList<>();
        BackingPods pods = new BackingPods();
        for (JsonNode endpoint : slice.path("endpoints")) {
            for (JsonNode port : slice.path("ports")) {
                for (JsonNode address : endpoint.path("addresses")) {
                    targets.add(target(address.asText(), endpoint, port, snapshot, attach, pods));
                }
            }
        }
        pods.addUncoveredPorts(targets);
        return new TargetGroup("endpointslice/" + namespace + "/" + text(metadata, "name"), group, targets);
    }

    private static Map<String, String> target(String address, JsonNode endpoint, JsonNode port, ClusterSnapshot snapshot,
            KubernetesSdConfig.AttachMetadata attach, BackingPods pods) {
        boolean hasPort = MetaLabels.has(port, "port");
        Map<String, String> target = new LinkedHashMap<>();
        target.put(MetaLabels.ADDRESS, hasPort ? MetaLabels.joinHostPort(address, port.path("port").asText()) : address);
        putIfSet(target, "endpointslice_port_name", port, "name");
        putIfSet(target, "endpointslice_port_protocol", port, "protocol");
        putIfSet(target, "endpointslice_port", port, "port");
        putIfSet(target, "endpointslice_port_app_protocol", port, "appProtocol");
        JsonNode conditions = endpoint.path("conditions");
        putIfSet(target, "endpointslice_endpoint_conditions_ready", conditions, "ready");
        putIfSet(target, "endpointslice_endpoint_conditions_serving", conditions, "serving");
        putIfSet(target, "endpointslice_endpoint_conditions_terminating", conditions, "terminating");
        putIfSet(target, "endpointslice_endpoint_hostname", endpoint, "hostname");
        JsonNode reference = endpoint.path("targetRef");
        boolean hasReference = MetaLabels.has(endpoint, "targetRef");
        if (hasReference) {
            target.put(PREFIX + "endpointslice_address_target_kind", text(reference, "kind"));
            target.put(PREFIX + "endpointslice_address_target_name", text(reference, "name"));
        }
        putIfSet(target, "endpointslice_endpoint_node_name", endpoint, "nodeName");
        putIfSet(target, "endpointslice_endpoint_zone", endpoint, "zone");
        MetaLabels.forEachString(endpoint.path("deprecatedTopology"), (key, value) -> {
            String name = MetaLabels.sanitize(key);
            target.put(PREFIX + "endpointslice_endpoint_topology_" + name, value);
            target.put(PREFIX + "endpointslice_endpoint_topology_present_" + name, MetaLabels.PRESENT);
        });
        if (attach.node()) {
            if (hasReference && text(reference, "kind").equals("Node")) {
                AttachedMetadata.addNode(target, snapshot, text(reference, "name"));
            } else {
                AttachedMetadata.addNode(target, snapshot, text(endpoint, "nodeName"));
            }
        }
        Optional<JsonNode> pod = hasReference && text(reference, "kind").equals("Pod")
                ? snapshot.pod(text(reference, "namespace"), text(reference, "name"))
                : Optional.empty();
        OptionalLong portNumber = hasPort ? OptionalLong.of(port.path("port").asLong()) : OptionalLong.empty();
        pod.ifPresent(found -> pods.attach(target, found, portNumber, null));
        return target;
    }

    private static void putIfSet(Map<String, String> target, String label, JsonNode object, String field) {
        if (MetaLabels.has(object, field)) {
            target.put(PREFIX + label, object.path(field).asText());
        }
    }
}
