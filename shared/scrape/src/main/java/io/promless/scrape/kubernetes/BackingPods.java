package io.promless.scrape.kubernetes;

import static io.promless.scrape.kubernetes.MetaLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The pods behind the addresses of one endpoints object or endpoint slice: each address target
 * backed by a pod gets the pod's labels and those of the container port it hits; afterwards,
 * every container port of those pods that no endpoint port covered becomes a target of its own.
 * One instance per object; not thread-safe.
 */
final class BackingPods {
    private final Map<String, JsonNode> pods = new LinkedHashMap<>();
    private final Map<String, List<Long>> seenPorts = new LinkedHashMap<>();

    /**
     * Adds {@code pod}'s labels to {@code target}, and its container's when a container declares
     * {@code port}; {@code endpointProtocol} is the protocol label to use then, or null for the
     * container port's own.
     */
    void attach(Map<String, String> target, JsonNode pod, OptionalLong port, String endpointProtocol) {
        JsonNode metadata = pod.path("metadata");
        String key = text(metadata, "namespace") + "/" + text(metadata, "name");
        pods.putIfAbsent(key, pod);
        List<Long> seen = seenPorts.computeIfAbsent(key, k -> new ArrayList<>());
        target.putAll(PodLabels.of(pod));
        if (port.isEmpty()) {
            return;
        }
        seen.add(port.getAsLong());
        // Init containers count too: a sidecar (an init container that keeps running) may serve the port.
        if (!matchContainer(target, pod.path("spec").path("containers"), port.getAsLong(), endpointProtocol, false)) {
            matchContainer(target, pod.path("spec").path("initContainers"), port.getAsLong(), endpointProtocol, true);
        }
    }

    private static boolean matchContainer(Map<String, String> target, JsonNode containers, long port, String endpointProtocol,
            boolean init) {
        for (JsonNode container : containers) {
            for (JsonNode containerPort : container.path("ports")) {
                if (containerPort.path("containerPort").asLong(-1) == port) {
                    target.put(PodLabels.CONTAINER_NAME, text(container, "name"));
                    target.put(PodLabels.CONTAINER_IMAGE, text(container, "image"));
                    target.put(PodLabels.PORT_NAME, text(containerPort, "name"));
                    target.put(PodLabels.PORT_NUMBER, Long.toString(port));
                    target.put(PodLabels.PORT_PROTOCOL, endpointProtocol != null ? endpointProtocol : text(containerPort, "protocol"));
                    target.put(PodLabels.CONTAINER_INIT, Boolean.toString(init));
                    return true;
                }
            }
        }
        return false;
    }

    /** Targets for the container ports of the seen pods that no endpoint port covered (pods with an IP only). */
    void addUncoveredPorts(List<Map<String, String>> targets) {
        pods.forEach((key, pod) -> {
            String ip = PodLabels.ip(pod);
            if (ip.isEmpty()) {
                return;
            }
            List<Long> seen = seenPorts.get(key);
            for (JsonNode container : pod.path("spec").path("containers")) {
                for (JsonNode containerPort : container.path("ports")) {
                    long number = containerPort.path("containerPort").asLong(-1);
                    if (seen.contains(number)) {
                        continue;
                    }
                    Map<String, String> target = new LinkedHashMap<>(PodLabels.of(pod));
                    target.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(ip, Long.toString(number)));
                    target.put(PodLabels.CONTAINER_NAME, text(container, "name"));
                    target.put(PodLabels.CONTAINER_IMAGE, text(container, "image"));
                    target.put(PodLabels.PORT_NAME, text(containerPort, "name"));
                    target.put(PodLabels.PORT_NUMBER, Long.toString(number));
                    target.put(PodLabels.PORT_PROTOCOL, text(containerPort, "protocol"));
                    target.put(PodLabels.CONTAINER_INIT, "false");
                    targets.add(target);
                }
            }
        });
    }
}
