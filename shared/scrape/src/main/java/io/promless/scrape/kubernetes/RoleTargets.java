package io.promless.scrape.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.promless.config.KubernetesRole;
import io.promless.config.KubernetesSdConfig;
import io.promless.config.StaticConfig;
import java.util.ArrayList;
import java.util.List;

/** Turns a snapshot into target groups with the builder of the configured role. */
final class RoleTargets {
    private RoleTargets() {}

    static List<StaticConfig> groups(KubernetesRole role, ClusterSnapshot snapshot, KubernetesSdConfig.AttachMetadata attach) {
        List<StaticConfig> groups = new ArrayList<>();
        for (JsonNode object : snapshot.primary()) {
            List<TargetGroup> built = switch (role) {
                case NODE -> NodeTargets.build(object).stream().toList();
                case SERVICE -> List.of(ServiceTargets.build(object, snapshot, attach));
                case POD -> List.of(PodTargets.build(object, snapshot, attach));
                case ENDPOINTS -> List.of(EndpointsTargets.build(object, snapshot, attach));
                case ENDPOINTSLICE -> List.of(EndpointSliceTargets.build(object, snapshot, attach));
                case INGRESS -> List.of(IngressTargets.build(object, snapshot, attach));
            };
            built.forEach(group -> groups.addAll(group.toStaticConfigs()));
        }
        return List.copyOf(groups);
    }
}
