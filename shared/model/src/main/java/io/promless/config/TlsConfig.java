package io.promless.config;

import java.util.Optional;

/** {@code tls_config} of an HTTP client. Versions are {@code TLS10}..{@code TLS13} as written. */
public record TlsConfig(
        Optional<String> caFile,
        Optional<String> ca,
        Optional<String> certFile,
        Optional<String> cert,
        Optional<String> keyFile,
        Optional<Secret> key,
        Optional<String> serverName,
        boolean insecureSkipVerify,
        Optional<String> minVersion,
        Optional<String> maxVersion) {
    public static final TlsConfig DEFAULT = new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(),
            Optional.empty());
}
