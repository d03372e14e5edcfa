package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.config.yaml.YamlFields;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.function.Function;

/**
 * The load-time checks Prometheus makes on discovery mechanisms Promless does not run. Their
 * targets are never used, but a file Prometheus rejects must be rejected here too, with the same
 * reason. Only presence and value checks: nothing is parsed into a model. Reads with
 * {@link YamlFields#has}, which does not mark keys, so the caller's unknown-key check is unchanged.
 */
final class UnsupportedDiscoveryChecks {
    private static final Set<String> AZURE_AUTHENTICATION = Set.of("OAuth", "ManagedIdentity", "SDK", "WorkloadIdentity");
    private static final Set<String> HETZNER_ROLES = Set.of("robot", "hcloud");
    private static final Set<String> OCI_AUTH = Set.of("api_key", "instance_principal");
    private static final Set<String> OPENSTACK_ROLES = Set.of("hypervisor", "instance", "loadbalancer");
    private static final Set<String> OPENSTACK_AVAILABILITY = Set.of("public", "admin", "internal");
    private static final Set<String> OVHCLOUD_SERVICES = Set.of("vps", "dedicated_server");
    private static final Set<String> SCALEWAY_ROLES = Set.of("instance", "baremetal");

    private UnsupportedDiscoveryChecks() {
    }

    /** Checks one entry of {@code section} (e.g. {@code azure_sd_configs}); sections without known checks pass. */
    static void check(String section, YamlFields fields) {
        requireNonNull(section, "section is null");
        requireNonNull(fields, "fields is null");
        switch (section) {
            case "azure_sd_configs" -> azure(fields);
            case "eureka_sd_configs" -> eureka(fields);
            case "hetzner_sd_configs" -> hetzner(fields);
            case "ionos_sd_configs" -> require(fields, "datacenter_id", "datacenter id can't be empty");
            case "marathon_sd_configs" -> marathon(fields);
            case "oci_sd_configs" -> oneOfIfSet(fields, "auth", OCI_AUTH,
                    value -> "oci_sd: unknown auth method \"" + value + "\", expected \"api_key\" or \"instance_principal\"");
            case "openstack_sd_configs" -> openstack(fields);
            case "outscale_sd_configs" -> {
                require(fields, "region", "outscale SD configuration requires a region");
                oneSecret(fields);
            }
            case "ovhcloud_sd_configs" -> ovhcloud(fields);
            case "scaleway_sd_configs" -> scaleway(fields);
            case "stackit_sd_configs" -> stackit(fields);
            case "uyuni_sd_configs" -> require(fields, "server", "Uyuni SD configuration requires server host");
            default -> {
                // No further checks known for this mechanism.
            }
        }
    }

    private static void azure(YamlFields fields) {
        require(fields, "subscription_id", "azure SD configuration requires a subscription_id");
        String method = text(fields, "authentication_method");
        if (method.isEmpty() || method.equals("OAuth")) {
            for (String key : new String[] {"tenant_id", "client_id", "client_secret"}) {
                require(fields, key, "azure SD configuration requires a " + key);
            }
        }
        if (!method.isEmpty() && !AZURE_AUTHENTICATION.contains(method)) {
            throw new ConfigException("unknown authentication_type \"" + method
                    + "\". Supported types are \"OAuth\", \"ManagedIdentity\", \"SDK\" or \"WorkloadIdentity\"");
        }
    }

    private static void eureka(YamlFields fields) {
        String server = text(fields, "server");
        if (server.isEmpty()) {
            throw new ConfigException("eureka_sd: empty or null eureka server");
        }
        URI uri = parse(server);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException("eureka_sd: invalid eureka server URL");
        }
    }

    private static void hetzner(YamlFields fields) {
        String role = text(fields, "role");
        if (role.isEmpty()) {
            throw new ConfigException("role missing (one of: robot, hcloud)");
        }
        if (!HETZNER_ROLES.contains(role)) {
            throw new ConfigException("unknown role \"" + role + "\"");
        }
    }

    private static void marathon(YamlFields fields) {
        if (!fields.has("servers")) {
            throw new ConfigException("marathon_sd: must contain at least one Marathon server");
        }
        boolean token = fields.has("auth_token");
        boolean tokenFile = fields.has("auth_token_file");
        if (token && tokenFile) {
            throw new ConfigException("marathon_sd: at most one of auth_token & auth_token_file must be configured");
        }
        boolean anyToken = token || tokenFile;
        if (anyToken && fields.has("basic_auth")) {
            throw new ConfigException("marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured");
        }
        if (anyToken && (fields.has("bearer_token") || fields.has("bearer_token_file"))) {
            throw new ConfigException("marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured");
        }
        if (anyToken && fields.has("authorization")) {
            throw new ConfigException("marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured");
        }
    }

    private static void openstack(YamlFields fields) {
        // The role is checked while decoding, before the availability check of the whole entry.
        oneOfIfSet(fields, "role", OPENSTACK_ROLES, value -> "unknown OpenStack SD role \"" + value + "\"");
        oneOfIfSet(fields, "availability", OPENSTACK_AVAILABILITY,
                value -> "unknown availability " + value + ", must be one of admin, internal or public");
        require(fields, "role", "role missing (one of: instance, hypervisor, loadbalancer)");
    }

    private static void ovhcloud(YamlFields fields) {
        require(fields, "endpoint", "endpoint can not be empty");
        require(fields, "application_key", "application key can not be empty");
        require(fields, "application_secret", "application secret can not be empty");
        require(fields, "consumer_key", "consumer key can not be empty");
        String service = text(fields, "service");
        if (!OVHCLOUD_SERVICES.contains(service)) {
            throw new ConfigException("unknown service: " + service);
        }
    }

    private static void scaleway(YamlFields fields) {
        // As in openstack, an unknown role fails while decoding, ahead of the entry's own checks.
        oneOfIfSet(fields, "role", SCALEWAY_ROLES, value -> "unknown role \"" + value + "\"");
        require(fields, "role", "role missing (one of: instance, baremetal)");
        require(fields, "project_id", "project_id is mandatory");
        oneSecret(fields);
    }

    private static void stackit(YamlFields fields) {
        String endpoint = text(fields, "endpoint");
        if (!endpoint.isEmpty() && (endpoint.startsWith(":") || parse(endpoint) == null)) {
            throw new ConfigException("invalid endpoint \"" + endpoint + "\"");
        }
    }

    private static void oneSecret(YamlFields fields) {
        boolean key = fields.has("secret_key");
        boolean file = fields.has("secret_key_file");
        if (!key && !file) {
            throw new ConfigException("one of secret_key & secret_key_file must be configured");
        }
        if (key && file) {
            throw new ConfigException("at most one of secret_key & secret_key_file must be configured");
        }
    }

    private static void require(YamlFields fields, String key, String message) {
        if (text(fields, key).isEmpty()) {
            throw new ConfigException(message);
        }
    }

    private static void oneOfIfSet(YamlFields fields, String key, Set<String> allowed,
            java.util.function.Function<String, String> message) {
        String value = text(fields, key);
        if (!value.isEmpty() && !allowed.contains(value)) {
            throw new ConfigException(message.apply(value));
        }
    }

    /** The scalar text of a key without marking it read; empty when absent, null or not a scalar. */
    private static String text(YamlFields fields, String key) {
        return fields.peekScalar(key).orElse("");
    }

    private static URI parse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
