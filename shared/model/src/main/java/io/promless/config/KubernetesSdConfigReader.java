package io.promless.config;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one {@code kubernetes_sd_configs} entry: strict fields first (unknown fields and unknown
 * roles fail while decoding, as in Prometheus), then Prometheus's checks in its order and wording.
 */
final class KubernetesSdConfigReader {
    /** The Go type name Prometheus's strict decoder reports for an entry and for its namespaces. */
    static final String TYPE_NAME = "kubernetes.plain";

    private KubernetesSdConfigReader() {}

    static KubernetesSdConfig read(YamlFields fields, Path baseDirectory, HttpClientConfigReader http) {
        Optional<String> apiServer = fields.string("api_server").filter(s -> !s.isEmpty());
        Optional<String> roleName = fields.string("role").filter(s -> !s.isEmpty());
        Optional<KubernetesRole> role = roleName.map(name -> role(name));
        Optional<String> kubeconfig = fields.string("kubeconfig_file").filter(s -> !s.isEmpty());
        HttpClientConfig httpClient = http.read(fields);
        KubernetesSdConfig.Namespaces namespaces = fields.take("namespaces")
                .map(KubernetesSdConfigReader::namespaces).orElse(KubernetesSdConfig.Namespaces.ALL);
        List<RawSelector> selectors = new ArrayList<>();
        fields.sequence("selectors").ifPresent(sequence -> {
            for (YamlNode item : sequence.items()) {
                selectors.add(selector(item));
            }
        });
        KubernetesSdConfig.AttachMetadata attachMetadata = fields.take("attach_metadata")
                .map(KubernetesSdConfigReader::attachMetadata).orElse(KubernetesSdConfig.AttachMetadata.NONE);
        fields.finish();
        apiServer.ifPresent(KubernetesSdConfigReader::checkUrl);

        if (role.isEmpty()) {
            throw new ConfigException("role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
        }
        boolean customHttp = !httpClient.equals(HttpClientConfig.DEFAULT);
        if (apiServer.isPresent() && kubeconfig.isPresent()) {
            throw new ConfigException("cannot use 'kubeconfig_file' and 'api_server' simultaneously");
        }
        if (kubeconfig.isPresent() && customHttp) {
            throw new ConfigException("cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
        }
        if (apiServer.isEmpty() && customHttp) {
            throw new ConfigException("to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
        }
        if (apiServer.isPresent() && namespaces.ownNamespace()) {
            throw new ConfigException("cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
        }
        if (kubeconfig.isPresent() && namespaces.ownNamespace()) {
            throw new ConfigException("cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
        }
        List<KubernetesSdConfig.Selector> checked = checkSelectors(role.get(), selectors);
        return new KubernetesSdConfig(apiServer, role.get(), kubeconfig.map(http::resolve), httpClient, namespaces,
                checked, attachMetadata);
    }

    /** A selector as written; its role may be missing (Prometheus then reports it as not allowed). */
    private record RawSelector(Optional<KubernetesRole> role, String label, String field) {}

    private static List<KubernetesSdConfig.Selector> checkSelectors(KubernetesRole role, List<RawSelector> selectors) {
        Set<Optional<KubernetesRole>> seen = new HashSet<>();
        List<KubernetesSdConfig.Selector> checked = new ArrayList<>();
        List<KubernetesRole> allowed = role.allowedSelectorRoles();
        for (RawSelector selector : selectors) {
            if (!seen.add(selector.role())) {
                throw new ConfigException("duplicated selector role: " + selector.role().map(KubernetesRole::configName).orElse(""));
            }
            if (selector.role().isEmpty() || !allowed.contains(selector.role().get())) {
                throw new ConfigException(role + " role supports only "
                        + allowed.stream().map(KubernetesRole::configName).collect(Collectors.joining(", ")) + " selectors");
            }
            KubernetesSelectorSyntax.checkFieldSelector(selector.field());
            KubernetesSelectorSyntax.checkLabelSelector(selector.label());
            checked.add(new KubernetesSdConfig.Selector(selector.role().get(), selector.label(), selector.field()));
        }
        return checked;
    }

    private static KubernetesRole role(String name) {
        return KubernetesRole.fromConfigName(name)
                .orElseThrow(() -> new ConfigException("unknown Kubernetes SD role \"" + name + "\""));
    }

    private static KubernetesSdConfig.Namespaces namespaces(YamlNode node) {
        YamlFields fields = YamlFields.of(node, TYPE_NAME);
        boolean own = fields.bool("own_namespace", false);
        List<String> names = fields.strings("names");
        fields.finish();
        return new KubernetesSdConfig.Namespaces(own, names);
    }

    private static RawSelector selector(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "kubernetes.SelectorConfig");
        Optional<KubernetesRole> role = fields.string("role").filter(s -> !s.isEmpty()).map(KubernetesSdConfigReader::role);
        String label = fields.string("label", "");
        String field = fields.string("field", "");
        fields.finish();
        return new RawSelector(role, label, field);
    }

    private static KubernetesSdConfig.AttachMetadata attachMetadata(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "kubernetes.AttachMetadataConfig");
        boolean nodeMetadata = fields.bool("node", false);
        boolean namespaceMetadata = fields.bool("namespace", false);
        fields.finish();
        return new KubernetesSdConfig.AttachMetadata(nodeMetadata, namespaceMetadata);
    }

    /** Go's URL parser accepts nearly anything; what it rejects, we reject with its wording. */
    private static void checkUrl(String url) {
        try {
            new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException("parse \"" + url + "\": " + e.getReason());
        }
    }
}
