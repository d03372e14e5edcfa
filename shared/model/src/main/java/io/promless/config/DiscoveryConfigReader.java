package io.promless.config;

import io.promless.config.yaml.YamlFields;
import java.nio.file.Path;

/**
 * Parses one entry of a service discovery section into its {@link DiscoveryConfig}, with
 * Prometheus's defaults and validation errors. Readers consume the fields they know and call
 * {@link YamlFields#finish()} so unknown fields are rejected as Prometheus rejects them.
 */
@FunctionalInterface
interface DiscoveryConfigReader {
    /**
     * @param fields the entry's fields
     * @param baseDirectory the config file's directory for relative file names (may be null)
     * @param http reads the HTTP client settings (authorization, TLS, proxy) the entry may carry
     */
    DiscoveryConfig read(YamlFields fields, Path baseDirectory, HttpClientConfigReader http);
}
