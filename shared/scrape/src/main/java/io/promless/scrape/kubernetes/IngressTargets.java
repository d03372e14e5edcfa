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
 * Role {@code ingress}: one target per rule host and path (path {@code /} when the rule has no
 * HTTP paths or an empty one), scheme {@code https} when a TLS entry covers the host (wildcard
 * TLS hosts match one leading DNS label).
 */
final class IngressTargets {
    private IngressTargets() {}

    static TargetGroup build(JsonNode ingress, ClusterSnapshot snapshot, KubernetesSdConfig.AttachMetadata attach) {
        JsonNode metadata = ingress.path("metadata");
        String namespace = text(metadata, "namespace");
        JsonNode spec = ingress.path("spec");
        Map<String, String> group = new LinkedHashMap<>();
        MetaLabels.addObjectMeta(group, metadata, "ingress");
        group.put(MetaLabels.NAMESPACE, namespace);
        if (MetaLabels.has(spec, "ingressClassName")) {
            group.put(PREFIX + "ingress_class_name", text(spec, "ingressClassName"));
        }
        if (attach.namespace()) {
            AttachedMetadata.addNamespace(group, snapshot, namespace);
        }
        List<String> tlsHosts = new ArrayList<>();
        for (JsonNode tls : spec.path("tls")) {
            tls.path("hosts").forEach(host -> tlsHosts.add(host.asText()));
        }
        List<Map<String, String>> targets = new ArrayList<>();
        for (JsonNode rule : spec.path("rules")) {
            String host = text(rule, "host");
            String scheme = tlsHosts.stream().anyMatch(pattern -> matches(pattern, host)) ? "https" : "http";
            for (String path : paths(rule)) {
                Map<String, String> target = new LinkedHashMap<>();
                target.put(MetaLabels.ADDRESS, host);
                target.put(PREFIX + "ingress_scheme", scheme);
                target.put(PREFIX + "ingress_host", host);
                target.put(PREFIX + "ingress_path", path);
                targets.add(target);
            }
        }
        return new TargetGroup("ingress/" + namespace + "/" + text(metadata, "name"), group, targets);
    }

    private static List<String> paths(JsonNode rule) {
        if (!MetaLabels.has(rule, "http")) {
            return List.of("/");
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode path : rule.path("http").path("paths")) {
            String value = text(path, "path");
            paths.add(value.isEmpty() ? "/" : value);
        }
        return paths;
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.equals(host)) {
            return true;
        }
        if (!pattern.startsWith("*.")) {
            return false;
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
}
