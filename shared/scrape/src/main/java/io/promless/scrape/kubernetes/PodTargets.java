package io.promless.scrape.kubernetes;

import static io.promless.scrape.kubernetes.MetaLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.promless.config.KubernetesSdConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code pod}: one target per declared container port (containers, then init containers),
 * and one port-less target (the pod IP) per container that declares none. A pod without an IP
 * (starting, evicted) yields an empty group.
 */
final class PodTargets {
    private PodTargets() {}

    static TargetGroup build(JsonNode pod, ClusterSnapshot snapshot, KubernetesSdConfig.AttachMetadata attach) {
        JsonNode metadata = pod.path("metadata");
        String namespace = text(metadata, "namespace");
        String source = "pod/" + namespace + "/" + text(metadata, "name");
        String ip = PodLabels.ip(pod);
        if (ip.isEmpty()) {
            return new TargetGroup(source, Map.of(), List.of());
        }
        Map<String, String> group = PodLabels.of(pod);
        group.put(MetaLabels.NAMESPACE, namespace);
        if (attach.node()) {
            AttachedMetadata.addNode(group, snapshot, PodLabels.nodeName(pod));
        }
        if (attach.namespace()) {
            AttachedMetadata.addNamespace(group, snapshot, namespace);
        }
        List<Map<String, String>> targets = new ArrayList<>();
        addContainers(targets, pod, ip, pod.path("spec").path("containers"), false);
        addContainers(targets, pod, ip, pod.path("spec").path("initContainers"), true);
        return new TargetGroup(source, group, targets);
    }

    private static void addContainers(List<Map<String, String>> targets, JsonNode pod, String ip, JsonNode containers, boolean init) {
        for (JsonNode container : containers) {
            String name = text(container, "name");
            Map<String, String> base = new LinkedHashMap<>();
            base.put(PodLabels.CONTAINER_NAME, name);
            base.put(PodLabels.CONTAINER_ID, PodLabels.containerId(pod, name, init));
            base.put(PodLabels.CONTAINER_IMAGE, text(container, "image"));
            base.put(PodLabels.CONTAINER_INIT, Boolean.toString(init));
            if (container.path("ports").isEmpty()) {
                Map<String, String> target = new LinkedHashMap<>(base);
                // A port-less IPv6 address still needs brackets to be a valid host.
                target.put(MetaLabels.ADDRESS, ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip);
                targets.add(target);
                continue;
            }
            for (JsonNode port : container.path("ports")) {
                String number = port.path("containerPort").asText("0");
                Map<String, String> target = new LinkedHashMap<>(base);
                target.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(ip, number));
                target.put(PodLabels.PORT_NUMBER, number);
                target.put(PodLabels.PORT_NAME, text(port, "name"));
                target.put(PodLabels.PORT_PROTOCOL, text(port, "protocol"));
                targets.add(target);
            }
        }
    }
}
