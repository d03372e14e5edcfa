package io.promless.scrape.kubernetes;

import static io.promless.scrape.kubernetes.MetaLabels.PREFIX;
import static io.promless.scrape.kubernetes.MetaLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.promless.config.KubernetesSdConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Role {@code service}: one target per service port at the service's cluster DNS name
 * ({@code <name>.<namespace>.svc:<port>}).
 */
final class ServiceTargets {
    private ServiceTargets() {}

    /** The labels a service lends to its own targets and to the endpoints behind it. */
    static Map<String, String> serviceLabels(JsonNode service) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MetaLabels.NAMESPACE, text(service.path("metadata"), "namespace"));
        MetaLabels.addObjectMeta(labels, service.path("metadata"), "service");
        return labels;
    }

    static TargetGroup build(JsonNode service, ClusterSnapshot snapshot, KubernetesSdConfig.AttachMetadata attach) {
        JsonNode metadata = service.path("metadata");
        String name = text(metadata, "name");
        String namespace = text(metadata, "namespace");
        Map<String, String> group = serviceLabels(service);
        if (attach.namespace()) {
            AttachedMetadata.addNamespace(group, snapshot, namespace);
        }
        JsonNode spec = service.path("spec");
        String type = text(spec, "type");
        List<Map<String, String>> targets = new ArrayList<>();
        for (JsonNode port : spec.path("ports")) {
            String number = port.path("port").asText("0");
            Map<String, String> target = new LinkedHashMap<>();
            target.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(name + "." + namespace + ".svc", number));
            target.put(PREFIX + "service_port_name", text(port, "name"));
            target.put(PREFIX + "service_port_number", number);
            target.put(PREFIX + "service_port_protocol", text(port, "protocol"));
            target.put(PREFIX + "service_type", type);
            if (type.equals("ExternalName")) {
                target.put(PREFIX + "service_external_name", text(spec, "externalName"));
            } else {
                target.put(PREFIX + "service_cluster_ip", text(spec, "clusterIP"));
            }
            if (type.equals("LoadBalancer")) {
                target.put(PREFIX + "service_loadbalancer_ip", text(spec, "loadBalancerIP"));
            }
            targets.add(target);
        }
        return new TargetGroup("svc/" + namespace + "/" + name, group, targets);
    }
}
