package io.promless.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One {@code ec2_sd_configs} entry, with Prometheus's defaults (port 80, refresh every 60 s).
 * Credentials: the static {@code access_key}/{@code secret_key} pair when both are set, else the
 * SDK's default chain (the Lambda role), optionally through a shared-config {@code profile};
 * {@code role_arn} is assumed on top of either. The secret key prints as {@code <secret>}.
 *
 * @param endpoint the EC2 API endpoint, empty for the region's own
 * @param region the region to discover in; empty means the SDK's default region
 * @param filters DescribeInstances filters, passed to the API as written
 * @param httpClient the HTTP client settings Prometheus accepts inline (proxy, TLS...)
 */
public record Ec2SdConfig(
        String endpoint,
        String region,
        String accessKey,
        Optional<Secret> secretKey,
        String profile,
        String roleArn,
        Duration refreshInterval,
        int port,
        List<Filter> filters,
        HttpClientConfig httpClient) implements DiscoveryConfig {
    public static final String SECTION = "ec2_sd_configs";
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_PORT = 80;

    /** A DescribeInstances filter such as {@code tag:environment} = {@code [prod]}. */
    public record Filter(String name, List<String> values) {
        public Filter {
            requireNonNull(name, "name is null");
            values = List.copyOf(values);
        }
    }

    public Ec2SdConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(secretKey, "secretKey is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
        filters = List.copyOf(filters);
        requireNonNull(httpClient, "httpClient is null");
    }

    /** Whether the config carries its own key pair (Prometheus uses it only when both halves are set). */
    public boolean hasStaticCredentials() {
        return !accessKey.isEmpty() && secretKey.filter(secret -> !secret.value().isEmpty()).isPresent();
    }

    @Override
    public String sectionName() {
        return SECTION;
    }
}
