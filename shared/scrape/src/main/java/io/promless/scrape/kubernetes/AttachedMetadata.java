package io.promless.scrape.kubernetes;

import java.util.Map;

/** {@code attach_metadata}: the node's or the namespace's labels added to targets when configured. */
final class AttachedMetadata {
    private AttachedMetadata() {}

    /** The node's name, labels and annotations, as {@code __meta_kubernetes_node_*}; nothing if the node is unknown. */
    static void addNode(Map<String, String> labels, ClusterSnapshot snapshot, String nodeName) {
        if (nodeName == null || nodeName.isEmpty()) {
            return;
        }
        snapshot.node(nodeName).ifPresent(node -> MetaLabels.addObjectMeta(labels, node.path("metadata"), "node"));
    }

    /** The namespace's labels and annotations, as {@code __meta_kubernetes_namespace_*}. */
    static void addNamespace(Map<String, String> labels, ClusterSnapshot snapshot, String namespace) {
        snapshot.namespace(namespace).ifPresent(object -> MetaLabels.addMetadataMaps(labels, object.path("metadata"), "namespace"));
    }
}
