package io.promless.config;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of Kubernetes objects {@code kubernetes_sd_configs} can turn into targets, by the
 * name written in the config, each with the selector roles Prometheus allows next to it.
 */
public enum KubernetesRole {
    NODE("node"),
    SERVICE("service"),
    POD("pod"),
    ENDPOINTS("endpoints"),
    ENDPOINTSLICE("endpointslice"),
    INGRESS("ingress");

    private final String configName;

    KubernetesRole(String configName) {
        this.configName = configName;
    }

    /** The name as written in {@code role:}. */
    public String configName() {
        return configName;
    }

    /** The role named {@code name}, exactly as written (case matters, as in Prometheus). */
    public static Optional<KubernetesRole> fromConfigName(String name) {
        for (KubernetesRole role : values()) {
            if (role.configName.equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * The roles whose {@code selectors} a discovery of this role accepts, in Prometheus's order:
     * the roles whose objects it lists (pods for endpoints, nodes for attached pod metadata).
     */
    public List<KubernetesRole> allowedSelectorRoles() {
        return switch (this) {
            case NODE -> List.of(NODE);
            case SERVICE -> List.of(SERVICE);
            case POD -> List.of(POD, NODE);
            case ENDPOINTS -> List.of(POD, SERVICE, ENDPOINTS);
            case ENDPOINTSLICE -> List.of(POD, SERVICE, ENDPOINTSLICE);
            case INGRESS -> List.of(INGRESS);
        };
    }

    @Override
    public String toString() {
        return configName;
    }
}
