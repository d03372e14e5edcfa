package io.promless.scrape.kubernetes;

import static io.promless.scrape.kubernetes.MetaLabels.PREFIX;
import static io.promless.scrape.kubernetes.MetaLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The labels a pod lends to its targets, in the pod role and behind endpoints and endpoint slices. */
final class PodLabels {
    static final String CONTAINER_NAME = PREFIX + "pod_container_name";
    static final String CONTAINER_ID = PREFIX + "pod_container_id";
    static final String CONTAINER_IMAGE = PREFIX + "pod_container_image";
    static final String CONTAINER_INIT = PREFIX + "pod_container_init";
    static final String PORT_NAME = PREFIX + "pod_container_port_name";
    static final String PORT_NUMBER = PREFIX + "pod_container_port_number";
    static final String PORT_PROTOCOL = PREFIX + "pod_container_port_protocol";

    private PodLabels() {}

    /**
     * Name, IP, ready, phase, node name, host IP, UID, labels and annotations, and the controller's
     * kind and name when the pod has a controlling owner.
     */
    static Map<String, String> of(JsonNode pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode status = pod.path("status");
        labels.put(PREFIX + "pod_ip", text(status, "podIP"));
        labels.put(PREFIX + "pod_ready", ready(status));
        labels.put(PREFIX + "pod_phase", text(status, "phase"));
        labels.put(PREFIX + "pod_node_name", text(pod.path("spec"), "nodeName"));
        labels.put(PREFIX + "pod_host_ip", text(status, "hostIP"));
        labels.put(PREFIX + "pod_uid", text(pod.path("metadata"), "uid"));
        MetaLabels.addObjectMeta(labels, pod.path("metadata"), "pod");
        for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                if (!text(owner, "kind").isEmpty()) {
                    labels.put(PREFIX + "pod_controller_kind", text(owner, "kind"));
                }
                if (!text(owner, "name").isEmpty()) {
                    labels.put(PREFIX + "pod_controller_name", text(owner, "name"));
                }
                break;
            }
        }
        return labels;
    }

    /** The Ready condition's status in lower case; {@code unknown} when the pod reports none. */
    private static String ready(JsonNode status) {
        for (JsonNode condition : status.path("conditions")) {
            if (text(condition, "type").equals("Ready")) {
                return text(condition, "status").toLowerCase(Locale.ROOT);
            }
        }
        return "unknown";
    }

    static String ip(JsonNode pod) {
        return text(pod.path("status"), "podIP");
    }

    /** The runtime ID ({@code <type>://<id>}) of a container, from the matching status list; empty if none. */
    static String containerId(JsonNode pod, String container, boolean init) {
        for (JsonNode status : pod.path("status").path(init ? "initContainerStatuses" : "containerStatuses")) {
            if (text(status, "name").equals(container)) {
                return text(status, "containerID");
            }
        }
        return "";
    }

    /** The node the pod is scheduled onto, or empty. */
    static String nodeName(JsonNode pod) {
        return text(pod.path("spec"), "nodeName");
    }
}
