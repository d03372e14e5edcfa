package io.promless.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP client settings shared by scrape configs, remote write and service discovery.
 * {@code headers} holds the inline values of {@code http_headers} (values and secrets);
 * header files are kept by name in {@code headerFiles}.
 */
public record HttpClientConfig(
        Optional<BasicAuth> basicAuth,
        Optional<Authorization> authorization,
        boolean oauth2Configured,
        TlsConfig tls,
        Optional<String> proxyUrl,
        boolean followRedirects,
        boolean enableHttp2,
        Map<String, List<String>> headers,
        Map<String, List<String>> headerFiles) {
    public static final HttpClientConfig DEFAULT = new HttpClientConfig(Optional.empty(), Optional.empty(), false,
            TlsConfig.DEFAULT, Optional.empty(), true, true, Map.of(), Map.of());

    public HttpClientConfig {
        requireNonNull(basicAuth, "basicAuth is null");
        requireNonNull(authorization, "authorization is null");
        requireNonNull(tls, "tls is null");
        requireNonNull(proxyUrl, "proxyUrl is null");
        headers = Map.copyOf(headers);
        headerFiles = Map.copyOf(headerFiles);
    }
}
