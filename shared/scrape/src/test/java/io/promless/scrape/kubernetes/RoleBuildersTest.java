package io.promless.scrape.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.config.KubernetesRole;
import io.promless.config.KubernetesSdConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edge cases of the role builders on API objects written as JSON, without a server. */
class RoleBuildersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static List<Map<String, String>> targets(KubernetesRole role, List<JsonNode> primary, List<JsonNode> pods) {
        ClusterSnapshot snapshot = new ClusterSnapshot(primary, List.of(), pods, List.of(), List.of());
        return KubernetesRoleLabelsTest.flatten(RoleTargets.groups(role, snapshot, KubernetesSdConfig.AttachMetadata.NONE));
    }

    @Test
    void portLessTargetsOfIpv6PodsAreBracketed() throws Exception {
        JsonNode pod = json("{'metadata': {'name': 'p', 'namespace': 'n'}, 'spec': {'containers': [{'name': 'c'},"
                + " {'name': 'd', 'ports': [{'containerPort': 80}]}]}, 'status': {'podIP': 'fd00::5'}}");

        assertThat(targets(KubernetesRole.POD, List.of(pod), List.of())).extracting(target -> target.get("__address__"))
                .containsExactly("[fd00::5]", "[fd00::5]:80");
    }

    @Test
    void anEndpointPortServedByASidecarInitContainerIsLabelledAsInit() throws Exception {
        JsonNode pod = json("{'metadata': {'name': 'p', 'namespace': 'n'}, 'spec': {'containers': [{'name': 'app'}],"
                + " 'initContainers': [{'name': 'mesh', 'image': 'mesh:1', 'restartPolicy': 'Always',"
                + " 'ports': [{'name': 'stats', 'containerPort': 15090, 'protocol': 'TCP'}]}]}, 'status': {'podIP': '10.0.0.5'}}");
        JsonNode endpoints = json("{'metadata': {'name': 'e', 'namespace': 'n'}, 'subsets': [{'addresses': [{'ip': '10.0.0.5',"
                + " 'targetRef': {'kind': 'Pod', 'name': 'p', 'namespace': 'n'}}], 'ports': [{'port': 15090, 'protocol': 'TCP'}]}]}");

        List<Map<String, String>> targets = targets(KubernetesRole.ENDPOINTS, List.of(endpoints), List.of(pod));

        assertThat(targets).singleElement().satisfies(target -> assertThat(target)
                .containsEntry("__address__", "10.0.0.5:15090")
                .containsEntry("__meta_kubernetes_pod_container_name", "mesh")
                .containsEntry("__meta_kubernetes_pod_container_port_name", "stats")
                .containsEntry("__meta_kubernetes_pod_container_init", "true"));
    }

    @Test
    void endpointSliceFieldsThatAreNotSetGiveNoLabels() throws Exception {
        JsonNode slice = json("{'metadata': {'name': 's', 'namespace': 'n'}, 'addressType': 'IPv4',"
                + " 'endpoints': [{'addresses': ['10.0.0.9'], 'deprecatedTopology': {'kubernetes.io/hostname': 'node-9'}}],"
                + " 'ports': [{}]}");

        assertThat(targets(KubernetesRole.ENDPOINTSLICE, List.of(slice), List.of())).containsExactly(Map.of(
                "__address__", "10.0.0.9",
                "__meta_kubernetes_namespace", "n",
                "__meta_kubernetes_endpointslice_name", "s",
                "__meta_kubernetes_endpointslice_address_type", "IPv4",
                "__meta_kubernetes_endpointslice_endpoint_topology_kubernetes_io_hostname", "node-9",
                "__meta_kubernetes_endpointslice_endpoint_topology_present_kubernetes_io_hostname", "true"));
    }

    @Test
    void aNodeWithoutAddressesYieldsNoTarget() throws Exception {
        JsonNode node = json("{'metadata': {'name': 'bare'}, 'status': {}}");
        assertThat(targets(KubernetesRole.NODE, List.of(node), List.of())).isEmpty();
    }
}
