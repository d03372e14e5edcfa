package io.promless.scrape.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.promless.config.ConfigLoader;
import io.promless.config.KubernetesSdConfig;
import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact label set of every target each role discovers, against fabric8's mock API server
 * filled once with a node, services, pods, endpoints, an endpoint slice, an ingress and
 * namespaces. Expectations follow Prometheus's discovery tests; labels with empty values are
 * left out, as a label set cannot hold them (Prometheus treats them as absent too).
 */
class KubernetesRoleLabelsTest {
    private static final long NOW = 1_700_000_000_000L;
    private static KubernetesTestCluster cluster;
    private static String webPodUid;

    @BeforeAll
    static void fillCluster() throws Exception {
        cluster = KubernetesTestCluster.start();
        ClusterObjects.namespaces(cluster.client());
        ClusterObjects.node(cluster.client());
        ClusterObjects.services(cluster.client());
        Pod web = ClusterObjects.webPod(cluster.client());
        webPodUid = web.getMetadata().getUid();
        ClusterObjects.pendingPod(cluster.client());
        ClusterObjects.webEndpoints(cluster.client());
        ClusterObjects.webEndpointSlice(cluster.client());
        ClusterObjects.webIngress(cluster.client());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    /** A role config (YAML under the list entry, api_server added) and the targets it must yield, in any order. */
    record Case(String name, String entry, List<Map<String, String>> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> roles() {
        Map<String, String> webService = labels(
                "__meta_kubernetes_service_name", "web",
                "__meta_kubernetes_service_label_app", "web",
                "__meta_kubernetes_service_labelpresent_app", "true",
                "__meta_kubernetes_service_annotation_prometheus_io_scrape", "true",
                "__meta_kubernetes_service_annotationpresent_prometheus_io_scrape", "true");
        Map<String, String> appContainer = labels(
                "__meta_kubernetes_pod_container_name", "app",
                "__meta_kubernetes_pod_container_image", "web:1.0",
                "__meta_kubernetes_pod_container_init", "false");
        Map<String, String> httpPort = labels(
                "__meta_kubernetes_pod_container_port_name", "http",
                "__meta_kubernetes_pod_container_port_number", "8080",
                "__meta_kubernetes_pod_container_port_protocol", "TCP");
        Map<String, String> grpcPort = labels(
                "__meta_kubernetes_pod_container_port_name", "grpc",
                "__meta_kubernetes_pod_container_port_number", "9090",
                "__meta_kubernetes_pod_container_port_protocol", "TCP");
        Map<String, String> webPod = webPodLabels();
        Map<String, String> inDefault = labels("__meta_kubernetes_namespace", "default");
        return Stream.of(
                new Case("node", "role: node", List.of(labels(
                        "__address__", "10.0.0.1:10250",
                        "instance", "node-1",
                        "__meta_kubernetes_node_name", "node-1",
                        "__meta_kubernetes_node_provider_id", "aws:///us-east-1a/i-0123",
                        "__meta_kubernetes_node_label_kubernetes_io_hostname", "node-1",
                        "__meta_kubernetes_node_labelpresent_kubernetes_io_hostname", "true",
                        "__meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl", "0",
                        "__meta_kubernetes_node_annotationpresent_node_alpha_kubernetes_io_ttl", "true",
                        "__meta_kubernetes_node_address_Hostname", "node-1",
                        "__meta_kubernetes_node_address_InternalIP", "10.0.0.1",
                        "__meta_kubernetes_node_address_ExternalIP", "54.1.2.3"))),
                new Case("service", "role: service", List.of(
                        merge(inDefault, webService, labels(
                                "__address__", "web.default.svc:80",
                                "__meta_kubernetes_service_port_name", "http",
                                "__meta_kubernetes_service_port_number", "80",
                                "__meta_kubernetes_service_port_protocol", "TCP",
                                "__meta_kubernetes_service_type", "ClusterIP",
                                "__meta_kubernetes_service_cluster_ip", "10.96.0.10")),
                        merge(inDefault, webService, labels(
                                "__address__", "web.default.svc:9100",
                                "__meta_kubernetes_service_port_name", "metrics",
                                "__meta_kubernetes_service_port_number", "9100",
                                "__meta_kubernetes_service_port_protocol", "TCP",
                                "__meta_kubernetes_service_type", "ClusterIP",
                                "__meta_kubernetes_service_cluster_ip", "10.96.0.10")),
                        merge(inDefault, labels(
                                "__address__", "ext.default.svc:5432",
                                "__meta_kubernetes_service_name", "ext",
                                "__meta_kubernetes_service_port_number", "5432",
                                "__meta_kubernetes_service_port_protocol", "TCP",
                                "__meta_kubernetes_service_type", "ExternalName",
                                "__meta_kubernetes_service_external_name", "db.example.com")),
                        labels(
                                "__address__", "lb.other.svc:443",
                                "__meta_kubernetes_namespace", "other",
                                "__meta_kubernetes_service_name", "lb",
                                "__meta_kubernetes_service_port_name", "https",
                                "__meta_kubernetes_service_port_number", "443",
                                "__meta_kubernetes_service_port_protocol", "TCP",
                                "__meta_kubernetes_service_type", "LoadBalancer",
                                "__meta_kubernetes_service_cluster_ip", "10.96.0.11",
                                "__meta_kubernetes_service_loadbalancer_ip", "5.6.7.8"))),
                new Case("pod", "role: pod", podTargets(merge(inDefault, webPod), appContainer, httpPort, grpcPort)),
                new Case("pod with node and namespace metadata", """
                        role: pod
                        selectors: [{role: node, label: "kubernetes.io/hostname=node-1"}]
                        attach_metadata: {node: true, namespace: true}""",
                        podTargets(merge(inDefault, webPod, labels(
                                "__meta_kubernetes_node_name", "node-1",
                                "__meta_kubernetes_node_label_kubernetes_io_hostname", "node-1",
                                "__meta_kubernetes_node_labelpresent_kubernetes_io_hostname", "true",
                                "__meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl", "0",
                                "__meta_kubernetes_node_annotationpresent_node_alpha_kubernetes_io_ttl", "true",
                                "__meta_kubernetes_namespace_label_team", "shop",
                                "__meta_kubernetes_namespace_labelpresent_team", "true",
                                "__meta_kubernetes_namespace_annotation_owner", "platform",
                                "__meta_kubernetes_namespace_annotationpresent_owner", "true")),
                                appContainer, httpPort, grpcPort)),
                new Case("endpoints", "role: endpoints", List.of(
                        merge(inDefault, webService, endpointsObject(), webPod, appContainer, httpPort, labels(
                                "__address__", "10.1.0.5:8080",
                                "__meta_kubernetes_endpoint_port_name", "http",
                                "__meta_kubernetes_endpoint_port_protocol", "TCP",
                                "__meta_kubernetes_endpoint_ready", "true",
                                "__meta_kubernetes_endpoint_node_name", "node-1",
                                "__meta_kubernetes_endpoint_address_target_kind", "Pod",
                                "__meta_kubernetes_endpoint_address_target_name", "web-1")),
                        merge(inDefault, webService, endpointsObject(), labels(
                                "__address__", "10.1.0.6:8080",
                                "__meta_kubernetes_endpoint_port_name", "http",
                                "__meta_kubernetes_endpoint_port_protocol", "TCP",
                                "__meta_kubernetes_endpoint_ready", "false",
                                "__meta_kubernetes_endpoint_hostname", "web-2")),
                        merge(inDefault, webService, endpointsObject(), webPod, appContainer, grpcPort,
                                labels("__address__", "10.1.0.5:9090")))),
                new Case("endpointslice", "role: endpointslice", List.of(
                        merge(inDefault, webService, sliceObject(), webPod, appContainer, httpPort, labels(
                                "__address__", "10.1.0.5:8080",
                                "__meta_kubernetes_endpointslice_port", "8080",
                                "__meta_kubernetes_endpointslice_port_name", "http",
                                "__meta_kubernetes_endpointslice_port_protocol", "TCP",
                                "__meta_kubernetes_endpointslice_port_app_protocol", "http",
                                "__meta_kubernetes_endpointslice_endpoint_conditions_ready", "true",
                                "__meta_kubernetes_endpointslice_endpoint_conditions_serving", "true",
                                "__meta_kubernetes_endpointslice_endpoint_conditions_terminating", "false",
                                "__meta_kubernetes_endpointslice_endpoint_node_name", "node-1",
                                "__meta_kubernetes_endpointslice_endpoint_zone", "us-east-1a",
                                "__meta_kubernetes_endpointslice_address_target_kind", "Pod",
                                "__meta_kubernetes_endpointslice_address_target_name", "web-1")),
                        merge(inDefault, webService, sliceObject(), webPod, appContainer, grpcPort,
                                labels("__address__", "10.1.0.5:9090")))),
                new Case("ingress", "role: ingress", List.of(
                        merge(inDefault, ingressObject(), labels(
                                "__address__", "shop.example.com",
                                "__meta_kubernetes_ingress_scheme", "https",
                                "__meta_kubernetes_ingress_host", "shop.example.com",
                                "__meta_kubernetes_ingress_path", "/api")),
                        merge(inDefault, ingressObject(), labels(
                                "__address__", "shop.example.com",
                                "__meta_kubernetes_ingress_scheme", "https",
                                "__meta_kubernetes_ingress_host", "shop.example.com",
                                "__meta_kubernetes_ingress_path", "/")),
                        merge(inDefault, ingressObject(), labels(
                                "__address__", "plain.internal",
                                "__meta_kubernetes_ingress_scheme", "http",
                                "__meta_kubernetes_ingress_host", "plain.internal",
                                "__meta_kubernetes_ingress_path", "/")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void eachRoleLabelsItsTargetsAsPrometheusDoes(Case testCase) {
        KubernetesDiscovery discovery = discovery(testCase.entry());
        List<Map<String, String>> actual = flatten(discovery.groups(NOW));
        List<Map<String, String>> expected = testCase.expected().stream()
                .map(map -> map.containsKey("__meta_kubernetes_pod_uid") ? withUid(map) : map).toList();
        assertThat(discovery.failures()).as("failures (last error: %s)", discovery.lastError()).isZero();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static KubernetesDiscovery discovery(String entry) {
        String yaml = "scrape_configs:\n  - job_name: k8s\n    kubernetes_sd_configs:\n      - api_server: " + cluster.url()
                + "\n        " + entry.replace("\n", "\n        ") + "\n";
        KubernetesSdConfig config = (KubernetesSdConfig) new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER)
                .parse(yaml, null).scrapeConfigs().get(0).discoveryConfigs().get(0);
        return new KubernetesDiscovery("k8s", config, InCluster.standard(), Duration.ofSeconds(30));
    }

    /** Each static config as one label map with its address under {@code __address__}. */
    static List<Map<String, String>> flatten(List<StaticConfig> groups) {
        List<Map<String, String>> out = new ArrayList<>();
        for (StaticConfig group : groups) {
            for (String address : group.targets()) {
                Map<String, String> target = new LinkedHashMap<>(group.labels().toMap());
                target.put("__address__", address);
                out.add(Map.copyOf(target));
            }
        }
        return out;
    }

    private static List<Map<String, String>> podTargets(Map<String, String> group, Map<String, String> appContainer,
            Map<String, String> httpPort, Map<String, String> grpcPort) {
        return List.of(
                merge(group, appContainer, httpPort, labels("__address__", "10.1.0.5:8080",
                        "__meta_kubernetes_pod_container_id", "containerd://aaa")),
                merge(group, appContainer, grpcPort, labels("__address__", "10.1.0.5:9090",
                        "__meta_kubernetes_pod_container_id", "containerd://aaa")),
                merge(group, labels("__address__", "10.1.0.5",
                        "__meta_kubernetes_pod_container_name", "proxy",
                        "__meta_kubernetes_pod_container_image", "envoy:1.30",
                        "__meta_kubernetes_pod_container_id", "containerd://bbb",
                        "__meta_kubernetes_pod_container_init", "false")),
                merge(group, labels("__address__", "10.1.0.5",
                        "__meta_kubernetes_pod_container_name", "setup",
                        "__meta_kubernetes_pod_container_image", "busybox:1",
                        "__meta_kubernetes_pod_container_id", "containerd://ccc",
                        "__meta_kubernetes_pod_container_init", "true")));
    }

    private static Map<String, String> webPodLabels() {
        return labels(
                "__meta_kubernetes_pod_name", "web-1",
                "__meta_kubernetes_pod_ip", "10.1.0.5",
                "__meta_kubernetes_pod_ready", "true",
                "__meta_kubernetes_pod_phase", "Running",
                "__meta_kubernetes_pod_node_name", "node-1",
                "__meta_kubernetes_pod_host_ip", "10.0.0.1",
                "__meta_kubernetes_pod_uid", "<uid>",
                "__meta_kubernetes_pod_label_app", "web",
                "__meta_kubernetes_pod_labelpresent_app", "true",
                "__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true",
                "__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape", "true",
                "__meta_kubernetes_pod_annotation_prometheus_io_port", "8080",
                "__meta_kubernetes_pod_annotationpresent_prometheus_io_port", "true",
                "__meta_kubernetes_pod_controller_kind", "ReplicaSet",
                "__meta_kubernetes_pod_controller_name", "web-5d8f");
    }

    private static Map<String, String> endpointsObject() {
        return labels(
                "__meta_kubernetes_endpoints_name", "web",
                "__meta_kubernetes_endpoints_label_app", "web",
                "__meta_kubernetes_endpoints_labelpresent_app", "true");
    }

    private static Map<String, String> sliceObject() {
        return labels(
                "__meta_kubernetes_endpointslice_name", "web-abc",
                "__meta_kubernetes_endpointslice_address_type", "IPv4",
                "__meta_kubernetes_endpointslice_label_kubernetes_io_service_name", "web",
                "__meta_kubernetes_endpointslice_labelpresent_kubernetes_io_service_name", "true");
    }

    private static Map<String, String> ingressObject() {
        return labels(
                "__meta_kubernetes_ingress_name", "web",
                "__meta_kubernetes_ingress_label_app", "web",
                "__meta_kubernetes_ingress_labelpresent_app", "true",
                "__meta_kubernetes_ingress_class_name", "nginx");
    }

    /** The pod UID is the one the API server assigned at creation. */
    private static Map<String, String> withUid(Map<String, String> labels) {
        Map<String, String> out = new LinkedHashMap<>(labels);
        out.put("__meta_kubernetes_pod_uid", webPodUid);
        return Map.copyOf(out);
    }

    static Map<String, String> labels(String... namesAndValues) {
        return Labels.of(namesAndValues).toMap();
    }

    @SafeVarargs
    static Map<String, String> merge(Map<String, String>... parts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> part : parts) {
            out.putAll(part);
        }
        return Map.copyOf(out);
    }
}
