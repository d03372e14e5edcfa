package io.promless.scrape.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** The {@code __meta_kubernetes_*} label names and the helpers every role shares. */
final class MetaLabels {
    static final String PREFIX = "__meta_kubernetes_";
    static final String NAMESPACE = PREFIX + "namespace";
    static final String ADDRESS = "__address__";
    static final String PRESENT = "true";

    private MetaLabels() {}

    /**
     * {@code <role>_name}, then {@code <role>_label_<name>}/{@code _labelpresent_<name>} and
     * {@code <role>_annotation_<name>}/{@code _annotationpresent_<name>} of an object's metadata.
     */
    static void addObjectMeta(Map<String, String> labels, JsonNode metadata, String role) {
        labels.put(PREFIX + role + "_name", text(metadata, "name"));
        addMetadataMaps(labels, metadata, role);
    }

    /** Labels and annotations only, each with its present flag (namespace metadata has no name label). */
    static void addMetadataMaps(Map<String, String> labels, JsonNode metadata, String role) {
        forEachString(metadata.path("labels"), (key, value) -> {
            String name = sanitize(key);
            labels.put(PREFIX + role + "_label_" + name, value);
            labels.put(PREFIX + role + "_labelpresent_" + name, PRESENT);
        });
        forEachString(metadata.path("annotations"), (key, value) -> {
            String name = sanitize(key);
            labels.put(PREFIX + role + "_annotation_" + name, value);
            labels.put(PREFIX + role + "_annotationpresent_" + name, PRESENT);
        });
    }

    /** Every character outside {@code [a-zA-Z0-9_]} becomes {@code _}, as Prometheus sanitizes names. */
    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(valid ? c : '_');
        }
        return out.toString();
    }

    /** A string field, or the empty string when absent or null (Go's zero value). */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    /** Whether an optional (pointer) field is written at all. */
    static boolean has(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return !value.isMissingNode() && !value.isNull();
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static void forEachString(JsonNode object, java.util.function.BiConsumer<String, String> action) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            action.accept(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
        }
    }
}
