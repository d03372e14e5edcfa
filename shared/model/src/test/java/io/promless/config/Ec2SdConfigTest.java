package io.promless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlTree;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ec2_sd_configs entries: Prometheus's defaults, every field, and its validation errors. */
class Ec2SdConfigTest {
    private static final ConfigLoader LOADER = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);

    private static Ec2SdConfig only(String entry) {
        PrometheusConfig config = LOADER.parse("scrape_configs:\n  - job_name: ec2\n    ec2_sd_configs:\n" + entry.indent(6), null);
        assertThat(config.scrapeConfigs().get(0).discoveryConfigs()).hasSize(1);
        return (Ec2SdConfig) config.scrapeConfigs().get(0).discoveryConfigs().get(0);
    }

    @Test
    void defaultsAreThoseOfPrometheus() {
        Ec2SdConfig config = only("- region: eu-west-1\n");

        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.port()).isEqualTo(80);
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.endpoint()).isEmpty();
        assertThat(config.filters()).isEmpty();
        assertThat(config.hasStaticCredentials()).isFalse();
        assertThat(config.roleArn()).isEmpty();
        assertThat(config.httpClient()).isEqualTo(HttpClientConfig.DEFAULT);
        assertThat(config.sectionName()).isEqualTo("ec2_sd_configs");
    }

    @Test
    void readsEveryField() {
        Ec2SdConfig config = only("""
                - region: us-east-1
                  endpoint: http://localhost:5000
                  access_key: AKIDEXAMPLE
                  secret_key: mysecret
                  profile: ops
                  role_arn: arn:aws:iam::123456789012:role/scraper
                  refresh_interval: 2m
                  port: 9100
                  proxy_url: http://proxy:3128
                  tls_config:
                    insecure_skip_verify: true
                  filters:
                    - name: tag:environment
                      values: [prod]
                    - name: instance-state-name
                      values: [running, stopped]
                """);

        assertThat(config.endpoint()).isEqualTo("http://localhost:5000");
        assertThat(config.accessKey()).isEqualTo("AKIDEXAMPLE");
        assertThat(config.secretKey()).contains(new Secret("mysecret"));
        assertThat(config.hasStaticCredentials()).isTrue();
        assertThat(config.profile()).isEqualTo("ops");
        assertThat(config.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/scraper");
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.httpClient().proxyUrl()).contains("http://proxy:3128");
        assertThat(config.httpClient().tls().insecureSkipVerify()).isTrue();
        assertThat(config.filters()).containsExactly(
                new Ec2SdConfig.Filter("tag:environment", List.of("prod")),
                new Ec2SdConfig.Filter("instance-state-name", List.of("running", "stopped")));
    }

    @Test
    void theSecretKeyNeverPrints() {
        Ec2SdConfig config = only("- {region: us-east-1, access_key: a, secret_key: mysecret}\n");

        assertThat(config.toString()).doesNotContain("mysecret").contains("<secret>");
    }

    @Test
    void anAccessKeyWithoutSecretIsNotAStaticCredential() {
        assertThat(only("- {region: us-east-1, access_key: a}\n").hasStaticCredentials()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty filter values  | - {region: us-east-1, filters: [{name: 'tag:a', values: []}]}  | EC2 SD configuration filter values cannot be empty
            filter without values| - {region: us-east-1, filters: [{name: 'tag:a'}]}              | EC2 SD configuration filter values cannot be empty
            unknown field        | - {region: us-east-1, regoin: x}                                | field regoin not found in type aws.plain
            unknown filter field | - {region: us-east-1, filters: [{name: a, value: [b]}]}         | field value not found in type aws.EC2Filter
            port not a number    | - {region: us-east-1, port: http}                               | cannot unmarshal !!str `http` into int
            two bearer tokens    | - {region: us-east-1, bearer_token: a, bearer_token_file: b}    | at most one of bearer_token & bearer_token_file must be configured
            bad refresh interval | - {region: us-east-1, refresh_interval: 1x}                     | not a valid duration string
            null entry           | - ~                                                             | empty or null section in ec2_sd_configs
            """)
    void rejectsWhatPrometheusRejects(String name, String entry, String message) {
        assertThatThrownBy(() -> only(entry + "\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void regionComesFromTheEnvironmentWhenNotWritten() {
        var reader = new Ec2SdConfigReader(Map.of("AWS_DEFAULT_REGION", "ap-south-1")::get);

        Ec2SdConfig config = reader.read(YamlFields.of(YamlTree.parse("port: 1"), "aws.plain"), null,
                new HttpClientConfigReader(null));

        assertThat(config.region()).isEqualTo("ap-south-1");
        assertThat(new Ec2SdConfigReader(Map.of("AWS_REGION", "eu-north-1", "AWS_DEFAULT_REGION", "x")::get)
                .read(YamlFields.of(YamlTree.parse("port: 1"), "aws.plain"), null, new HttpClientConfigReader(null))
                .region()).isEqualTo("eu-north-1");
    }

    @Test
    void withoutAnyRegionTheEntryIsRejected() {
        var reader = new Ec2SdConfigReader(name -> null);

        assertThatThrownBy(() -> reader.read(YamlFields.of(YamlTree.parse("port: 1"), "aws.plain"), null,
                new HttpClientConfigReader(null)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("EC2 SD configuration requires a region");
    }

    @Test
    void theRecordCopiesAndChecksItsParts() {
        List<Ec2SdConfig.Filter> filters = new java.util.ArrayList<>(List.of(new Ec2SdConfig.Filter("a", List.of("b"))));
        Ec2SdConfig config = new Ec2SdConfig("", "r", "", Optional.empty(), "", "", Duration.ofSeconds(1), 80, filters,
                HttpClientConfig.DEFAULT);
        filters.clear();

        assertThat(config.filters()).hasSize(1);
        assertThatThrownBy(() -> new Ec2SdConfig("", null, "", Optional.empty(), "", "", Duration.ofSeconds(1), 80,
                List.of(), HttpClientConfig.DEFAULT)).isInstanceOf(NullPointerException.class).hasMessage("region is null");
    }
}
