package io.promless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KubernetesSdConfigTest {
    private static final ConfigLoader LOADER = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);

    private static KubernetesSdConfig load(String entry) {
        String text = "scrape_configs:\n  - job_name: k8s\n    kubernetes_sd_configs:\n      - " + entry.replace("\n", "\n        ");
        PrometheusConfig config = LOADER.parse(text, Path.of("/etc/prometheus"));
        return (KubernetesSdConfig) config.scrapeConfigs().get(0).discoveryConfigs().get(0);
    }

    @Test
    void readsEveryField() {
        KubernetesSdConfig config = load("""
                role: endpoints
                api_server: https://k8s.example:6443
                authorization:
                  credentials_file: token
                tls_config:
                  insecure_skip_verify: true
                namespaces:
                  names: [default, kube-system]
                selectors:
                  - role: pod
                    label: "app in (a, b),!legacy"
                    field: "spec.nodeName=n1"
                attach_metadata:
                  node: true
                  namespace: true""");
        assertThat(config.role()).isEqualTo(KubernetesRole.ENDPOINTS);
        assertThat(config.apiServer()).contains("https://k8s.example:6443");
        assertThat(config.httpClient().authorization().orElseThrow().credentialsFile()).contains("/etc/prometheus/token");
        assertThat(config.httpClient().tls().insecureSkipVerify()).isTrue();
        assertThat(config.namespaces().names()).containsExactly("default", "kube-system");
        assertThat(config.selectorFor(KubernetesRole.POD)).contains(
                new KubernetesSdConfig.Selector(KubernetesRole.POD, "app in (a, b),!legacy", "spec.nodeName=n1"));
        assertThat(config.selectorFor(KubernetesRole.SERVICE)).isEmpty();
        assertThat(config.attachMetadata()).isEqualTo(new KubernetesSdConfig.AttachMetadata(true, true));
    }

    @Test
    void defaultsToInClusterAllNamespaces() {
        KubernetesSdConfig config = load("role: pod");
        assertThat(config.apiServer()).isEmpty();
        assertThat(config.kubeconfigFile()).isEmpty();
        assertThat(config.namespaces().isAll()).isTrue();
        assertThat(config.selectors()).isEmpty();
        assertThat(config.httpClient()).isEqualTo(HttpClientConfig.DEFAULT);
        assertThat(load("role: node\nkubeconfig_file: kube/config").kubeconfigFile()).isEqualTo(Optional.of("/etc/prometheus/kube/config"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            api_server: https://a\\nrole: Pod                                        | unknown Kubernetes SD role "Pod"
            api_server: https://a                                                     | role missing (one of: pod, service, endpoints, endpointslice, node, ingress)
            role: pod\\nbogus: 1                                                       | field bogus not found in type kubernetes.plain
            role: pod\\nselectors: [{role: pod, label: "a=b=c"}]                       | unable to parse requirement
            role: pod\\nselectors: [{role: pod, label: "a in (b"}]                      | unable to parse requirement
            role: pod\\nselectors: [{role: pod, label: "-a=b"}]                         | invalid label key "-a"
            role: pod\\nselectors: [{role: pod, label: "a>b"}]                          | the value must be an integer
            role: pod\\nselectors: [{role: pod, field: "a=b,c"}]                        | invalid selector: 'a=b,c'; can't understand 'c'
            role: pod\\nselectors: [{label: "a=b"}]                                     | pod role supports only pod, node selectors
            role: endpointslice\\nselectors: [{role: node}]                             | endpointslice role supports only pod, service, endpointslice selectors
            role: pod\\nselectors: [{role: pods}]                                       | unknown Kubernetes SD role "pods"
            role: pod\\nattach_metadata: {deployment: true}                             | field deployment not found in type kubernetes.AttachMetadataConfig
            role: pod\\nbearer_token: x                                                 | to use custom HTTP client configuration please provide the 'api_server' URL explicitly
            """)
    void rejectsWithPrometheusWording(String entry, String message) {
        assertThatThrownBy(() -> load(entry.replace("\\n", "\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            app=web
            app==web,tier!=db
            app
            !app
            app in (a,b),env notin (prod)
            example.com/app=web
            replicas>2,replicas<10
            app=
            """)
    void acceptsKubernetesLabelSelectors(String selector) {
        KubernetesSelectorSyntax.checkLabelSelector(selector);
        assertThat(load("role: pod\nselectors: [{role: pod, label: \"" + selector + "\"}]").selectors()).hasSize(1);
    }

    @Test
    void fieldSelectorsAllowEscapedCommas() {
        KubernetesSelectorSyntax.checkFieldSelector("metadata.name=a\\,b,status.phase!=Failed");
        assertThat(List.of(KubernetesRole.values())).extracting(KubernetesRole::configName)
                .containsExactly("node", "service", "pod", "endpoints", "endpointslice", "ingress");
    }
}
