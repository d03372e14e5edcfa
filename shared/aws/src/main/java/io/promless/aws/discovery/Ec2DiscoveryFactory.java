package io.promless.aws.discovery;

import io.promless.config.DiscoveryConfig;
import io.promless.config.Ec2SdConfig;
import io.promless.config.HttpClientConfig;
import io.promless.config.ScrapeConfig;
import io.promless.scrape.DiscoveryFactory;
import io.promless.scrape.TargetDiscovery;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Builds {@link Ec2Discovery} for {@code ec2_sd_configs} entries; combine it with the engine's
 * own mechanisms: {@code DiscoveryFactory.standard().or(new Ec2DiscoveryFactory())}.
 *
 * <p>Credentials as Prometheus chooses them: the entry's access key pair when both halves are
 * set, else the named {@code profile}, else the SDK's default chain (the Lambda role); a
 * {@code role_arn} is then assumed through STS with those. The region and {@code endpoint} are
 * the entry's; of the HTTP client settings, {@code proxy_url} and {@code insecure_skip_verify}
 * apply to the AWS calls.
 */
public final class Ec2DiscoveryFactory implements DiscoveryFactory {
    private static final String ROLE_SESSION_NAME = "promless-ec2-sd";

    @Override
    public Optional<TargetDiscovery> create(ScrapeConfig job, DiscoveryConfig config) {
        if (config instanceof Ec2SdConfig ec2) {
            return Optional.of(new Ec2Discovery(ec2, job.jobName(), () -> client(ec2), OptionalInt.empty()));
        }
        return Optional.empty();
    }

    /** The EC2 client for one entry. */
    static Ec2Client client(Ec2SdConfig config) {
        var builder = Ec2Client.builder()
                .region(Region.of(config.region()))
                .httpClient(httpClient(config.httpClient()))
                .credentialsProvider(credentials(config));
        if (!config.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        return builder.build();
    }

    static AwsCredentialsProvider credentials(Ec2SdConfig config) {
        AwsCredentialsProvider base;
        if (config.hasStaticCredentials()) {
            base = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKey(), config.secretKey().orElseThrow().value()));
        } else if (!config.profile().isEmpty()) {
            base = ProfileCredentialsProvider.create(config.profile());
        } else {
            base = DefaultCredentialsProvider.builder().build();
        }
        if (config.roleArn().isEmpty()) {
            return base;
        }
        StsClient sts = StsClient.builder()
                .region(Region.of(config.region()))
                .httpClient(httpClient(config.httpClient()))
                .credentialsProvider(base)
                .build();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request -> request.roleArn(config.roleArn()).roleSessionName(ROLE_SESSION_NAME))
                .build();
    }

    private static SdkHttpClient httpClient(HttpClientConfig http) {
        UrlConnectionHttpClient.Builder builder = UrlConnectionHttpClient.builder();
        http.proxyUrl().ifPresent(url -> builder.proxyConfiguration(
                ProxyConfiguration.builder().endpoint(URI.create(url)).build()));
        if (http.tls().insecureSkipVerify()) {
            return builder.buildWithDefaults(AttributeMap.builder()
                    .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build());
        }
        return builder.build();
    }
}
