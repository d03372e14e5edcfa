package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import java.util.Locale;
import java.util.Set;

/**
 * Prometheus's load-time checks on the {@code tracing} section. Promless does not export traces;
 * the section is only checked, so a file Prometheus rejects is rejected here for the same reason.
 */
final class TracingSectionChecks {
    private static final Set<String> CLIENT_TYPES = Set.of("grpc", "http");
    /** Headers the OTLP exporter sets itself; same list as for remote write. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-encoding", "content-length", "content-type",
            "user-agent", "x-prometheus-remote-write-version", "x-prometheus-remote-read-version");

    private TracingSectionChecks() {
    }

    static void check(YamlNode tracing) {
        requireNonNull(tracing, "tracing is null");
        YamlFields fields = YamlFields.of(tracing, "config.TracingConfig");
        String clientType = fields.peekScalar("client_type").orElse("");
        if (!clientType.isEmpty() && !CLIENT_TYPES.contains(clientType)) {
            throw new ConfigException("unknown tracing client_type \"" + clientType + "\", expected grpc or http");
        }
        if (fields.peekScalar("endpoint").orElse("").isEmpty()) {
            throw new ConfigException("tracing endpoint must be set");
        }
        String compression = fields.peekScalar("compression").orElse("");
        if (!compression.isEmpty() && !compression.equals("gzip")) {
            throw new ConfigException("invalid compression type " + compression + " provided, valid options: gzip");
        }
        for (String header : fields.stringMap("headers").keySet()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.equals("authorization")) {
                throw new ConfigException("custom authorization header configuration is not yet supported");
            }
            if (RESERVED_HEADERS.contains(lower)) {
                throw new ConfigException(lower + " is a reserved header. It must not be changed");
            }
        }
    }
}
