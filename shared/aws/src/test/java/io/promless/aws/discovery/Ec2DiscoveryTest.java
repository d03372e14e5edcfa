package io.promless.aws.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.ConfigLoader;
import io.promless.config.Ec2SdConfig;
import io.promless.config.HttpClientConfig;
import io.promless.config.ScrapeConfig;
import io.promless.config.Secret;
import io.promless.config.StaticConfig;
import io.promless.scrape.DiscoveryFactory;
import io.promless.scrape.ScrapeTarget;
import io.promless.scrape.TargetDiscovery;
import io.promless.scrape.TargetResolver;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2 discovery against moto server: real DescribeInstances pages, filters, states and relabeling. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2DiscoveryTest {
    /** A region of its own, so these instances meet no other test's. */
    private static final String REGION = "eu-west-3";
    private static final long NOW = 1_700_000_000_000L;
    private static final String IMAGE = "ami-12c6146b";

    private final String run = AwsResources.uniqueName("run");
    private AwsEndpoint endpoint;
    private Ec2Client ec2;
    private String subnetA;
    private String subnetB;

    @BeforeAll
    void launchInstances() {
        endpoint = AwsEmulator.endpoint();
        ec2 = Ec2Client.builder().endpointOverride(endpoint.uri()).region(Region.of(REGION))
                .credentialsProvider(endpoint.credentials()).build();
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
        subnetA = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.7.1.0/24").availabilityZone(REGION + "a")).subnet().subnetId();
        subnetB = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.7.2.0/24").availabilityZone(REGION + "b")).subnet().subnetId();
        // One reservation per instance, so DescribeInstances pages (moto pages by reservation).
        for (int i = 0; i < 3; i++) {
            launch(subnetA, "web", "web-" + i);
        }
        for (int i = 0; i < 3; i++) {
            launch(subnetB, "db", "db-" + i);
        }
        String stopped = launch(subnetB, "batch", "batch-0");
        ec2.stopInstances(r -> r.instanceIds(stopped));
    }

    private String launch(String subnet, String app, String name) {
        return ec2.runInstances(r -> r.imageId(IMAGE).minCount(1).maxCount(1).instanceType("t3.micro").subnetId(subnet)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(
                                tag("run", run), tag("app", app), tag("Name", name), tag("team:owner", "sre")).build()))
                .instances().get(0).instanceId();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @AfterAll
    void close() {
        ec2.close();
    }

    private Ec2SdConfig config(List<Ec2SdConfig.Filter> filters) {
        return new Ec2SdConfig(endpoint.uri().toString(), REGION, AwsEndpoint.TEST_ACCESS_KEY,
                Optional.of(new Secret(AwsEndpoint.TEST_SECRET_KEY)), "", "", Duration.ofSeconds(60), 9100,
                filters, HttpClientConfig.DEFAULT);
    }

    private List<Ec2SdConfig.Filter> thisRun(Ec2SdConfig.Filter... more) {
        List<Ec2SdConfig.Filter> filters = new java.util.ArrayList<>(List.of(new Ec2SdConfig.Filter("tag:run", List.of(run))));
        filters.addAll(List.of(more));
        return filters;
    }

    @Test
    void everyPageOfInstancesBecomesTargetsWithTheirLabels() {
        Ec2SdConfig config = config(thisRun());
        var discovery = new Ec2Discovery(config, "node", () -> Ec2DiscoveryFactory.client(config), OptionalInt.of(5));

        List<StaticConfig> groups = discovery.groups(NOW);

        assertThat(ec2.describeInstances(r -> r.maxResults(5).filters(f -> f.name("tag:run").values(run))).nextToken())
                .as("seven reservations take two pages of five").isNotNull();
        assertThat(groups).hasSize(7);
        Map<String, StaticConfig> byName = groups.stream()
                .collect(Collectors.toMap(group -> group.labels().get("__meta_ec2_tag_Name"), group -> group));
        StaticConfig web = byName.get("web-0");
        String ip = web.labels().get("__meta_ec2_private_ip");
        assertThat(ip).startsWith("10.7.1.");
        assertThat(web.targets()).containsExactly(ip + ":9100");
        assertThat(web.labels().get("__meta_ec2_subnet_id")).isEqualTo("," + subnetA + ",");
        assertThat(web.labels().get("__meta_ec2_primary_subnet_id")).isEqualTo(subnetA);
        assertThat(web.labels().get("__meta_ec2_availability_zone")).isEqualTo(REGION + "a");
        assertThat(web.labels().get("__meta_ec2_availability_zone_id")).as("from DescribeAvailabilityZones").isNotEmpty();
        assertThat(web.labels().get("__meta_ec2_region")).isEqualTo(REGION);
        assertThat(web.labels().get("__meta_ec2_ami")).isEqualTo(IMAGE);
        assertThat(web.labels().get("__meta_ec2_instance_type")).isEqualTo("t3.micro");
        assertThat(web.labels().get("__meta_ec2_instance_state")).isEqualTo("running");
        assertThat(web.labels().get("__meta_ec2_owner_id")).isNotEmpty();
        assertThat(web.labels().get("__meta_ec2_vpc_id")).startsWith("vpc-");
        assertThat(web.labels().get("__meta_ec2_tag_team_owner")).isEqualTo("sre");
        assertThat(byName.get("batch-0").labels().get("__meta_ec2_instance_state")).isEqualTo("stopped");
        assertThat(discovery.failures()).isZero();
    }

    @Test
    void filtersArePassedToTheApi() {
        Ec2SdConfig config = config(thisRun(new Ec2SdConfig.Filter("tag:app", List.of("db", "batch")),
                new Ec2SdConfig.Filter("instance-state-name", List.of("running"))));

        List<StaticConfig> groups = new Ec2DiscoveryFactory().create(job("db"), config).orElseThrow().groups(NOW);

        assertThat(groups).extracting(group -> group.labels().get("__meta_ec2_tag_Name"))
                .containsExactlyInAnyOrder("db-0", "db-1", "db-2");
    }

    @Test
    void relabelingKeepsByTagAndTakesTheAddressFromThePrivateIp() {
        ScrapeConfig job = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse("""
                scrape_configs:
                  - job_name: node
                    ec2_sd_configs:
                      - region: %s
                        endpoint: %s
                        access_key: %s
                        secret_key: %s
                        filters: [{name: 'tag:run', values: [%s]}]
                    relabel_configs:
                      - source_labels: [__meta_ec2_tag_app]
                        regex: web
                        action: keep
                      - source_labels: [__meta_ec2_private_ip]
                        target_label: __address__
                        replacement: '$1:9100'
                      - source_labels: [__meta_ec2_tag_Name]
                        target_label: instance
                """.formatted(REGION, endpoint.uri(), AwsEndpoint.TEST_ACCESS_KEY, AwsEndpoint.TEST_SECRET_KEY, run), null)
                .scrapeConfigs().get(0);
        DiscoveryFactory factory = DiscoveryFactory.standard().or(new Ec2DiscoveryFactory());
        List<TargetDiscovery> discoveries = DiscoveryFactory.createAll(factory, job);

        TargetResolver.Resolution resolution = TargetResolver.resolve(job, discoveries.get(0).groups(NOW));

        assertThat(resolution.active()).extracting(ScrapeTarget::address).hasSize(3)
                .allSatisfy(address -> assertThat(address).matches("10\\.7\\.1\\.\\d+:9100"));
        assertThat(resolution.active()).extracting(target -> target.labels().get("instance"))
                .containsExactlyInAnyOrder("web-0", "web-1", "web-2");
        assertThat(resolution.dropped()).hasSize(4);
        assertThat(resolution.active().get(0).labels().names()).noneMatch(name -> name.startsWith("__meta_"));
    }

    @Test
    void anUnreachableEndpointIsAFailureCountedAndExplained() {
        Ec2SdConfig config = new Ec2SdConfig("http://127.0.0.1:1", REGION, "a", Optional.of(new Secret("b")), "", "",
                Duration.ofSeconds(60), 80, List.of(), HttpClientConfig.DEFAULT);
        var discovery = new Ec2Discovery(config, "node", () -> Ec2DiscoveryFactory.client(config), OptionalInt.empty());

        assertThat(discovery.groups(NOW)).isEmpty();
        assertThat(discovery.failures()).isEqualTo(1);
        assertThat(discovery.lastError()).startsWith("could not describe instances: ");
        assertThat(discovery.lastError()).doesNotContain("b\"");
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodTargetsAndRecovers() {
        Ec2SdConfig config = config(thisRun(new Ec2SdConfig.Filter("tag:app", List.of("web"))));
        Ec2Client real = Ec2DiscoveryFactory.client(config);
        AtomicBoolean broken = new AtomicBoolean();
        Ec2Client flaky = new Ec2Client() {
            @Override
            public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
                if (broken.get()) {
                    throw SdkClientException.create("connection reset");
                }
                return real.describeInstances(request);
            }

            @Override
            public DescribeAvailabilityZonesResponse describeAvailabilityZones(DescribeAvailabilityZonesRequest request) {
                return real.describeAvailabilityZones(request);
            }

            @Override
            public String serviceName() {
                return real.serviceName();
            }

            @Override
            public void close() {
                real.close();
            }
        };
        var discovery = new Ec2Discovery(config, "node", () -> flaky, OptionalInt.empty());
        List<StaticConfig> good = discovery.groups(NOW);
        assertThat(good).hasSize(3);

        broken.set(true);
        assertThat(discovery.groups(NOW + 60_000)).isEqualTo(good);
        assertThat(discovery.failures()).isEqualTo(1);
        assertThat(discovery.lastError()).contains("connection reset");

        broken.set(false);
        assertThat(discovery.groups(NOW + 61_000)).as("not due before refresh_interval").isEqualTo(good);
        assertThat(discovery.groups(NOW + 120_000)).hasSize(3);
        assertThat(discovery.lastError()).isEmpty();
        flaky.close();
    }

    @Test
    void anAuthenticationFailureRebuildsTheClientNextTime() {
        Ec2SdConfig config = config(thisRun(new Ec2SdConfig.Filter("tag:app", List.of("db"))));
        java.util.concurrent.atomic.AtomicInteger built = new java.util.concurrent.atomic.AtomicInteger();
        Ec2Client rejecting = new Ec2Client() {
            @Override
            public DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
                throw (software.amazon.awssdk.awscore.exception.AwsServiceException) software.amazon.awssdk.services.ec2.model.Ec2Exception.builder()
                        .message("AWS was not able to validate the provided access credentials")
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("AuthFailure").errorMessage("not valid").build())
                        .statusCode(401).build();
            }

            @Override
            public String serviceName() {
                return "ec2";
            }

            @Override
            public void close() {}
        };
        var discovery = new Ec2Discovery(config, "node", () -> built.incrementAndGet() == 1
                ? rejecting : Ec2DiscoveryFactory.client(config), OptionalInt.empty());

        assertThat(discovery.groups(NOW)).isEmpty();
        assertThat(discovery.lastError()).contains("AWS was not able to validate the provided access credentials");
        assertThat(discovery.groups(NOW + 60_000)).hasSize(3);
        assertThat(built.get()).isEqualTo(2);
        assertThat(discovery.failures()).isEqualTo(1);
    }

    @Test
    void credentialsFollowPrometheusChoice() {
        Ec2SdConfig withKeys = config(List.of());
        assertThat(Ec2DiscoveryFactory.credentials(withKeys).resolveCredentials().accessKeyId()).isEqualTo("testing");
        Ec2SdConfig withoutSecret = new Ec2SdConfig("", REGION, "a", Optional.empty(), "", "", Duration.ofSeconds(1), 80,
                List.of(), HttpClientConfig.DEFAULT);
        assertThat(Ec2DiscoveryFactory.credentials(withoutSecret))
                .isInstanceOf(software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.class);
        Ec2SdConfig withProfile = new Ec2SdConfig("", REGION, "", Optional.empty(), "ops", "", Duration.ofSeconds(1), 80,
                List.of(), HttpClientConfig.DEFAULT);
        assertThat(Ec2DiscoveryFactory.credentials(withProfile))
                .isInstanceOf(software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.class);
        Ec2SdConfig withRole = new Ec2SdConfig("", REGION, "", Optional.empty(), "", "arn:aws:iam::123456789012:role/r",
                Duration.ofSeconds(1), 80, List.of(), HttpClientConfig.DEFAULT);
        assertThat(Ec2DiscoveryFactory.credentials(withRole))
                .isInstanceOf(software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider.class);
    }

    @Test
    void otherConfigsAreNotThisFactorys() {
        assertThat(new Ec2DiscoveryFactory().create(job("x"),
                new io.promless.config.FileSdConfig(List.of("a.json"), Duration.ofMinutes(1)))).isEmpty();
    }

    private static ScrapeConfig job(String name) {
        return new ConfigLoader(key -> null, ConfigLoader.Mode.SERVER)
                .parse("scrape_configs: [{job_name: " + name + "}]", null).scrapeConfigs().get(0);
    }
}
