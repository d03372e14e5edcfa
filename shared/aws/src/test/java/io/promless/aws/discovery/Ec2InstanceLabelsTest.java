package io.promless.aws.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceIpv6Address;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceAttachment;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The labels of one instance, field by field, in Prometheus's formats. */
class Ec2InstanceLabelsTest {
    private static final Reservation RESERVATION = Reservation.builder().ownerId("123456789012").build();

    private static InstanceNetworkInterface eni(String subnet, int deviceIndex, InstanceIpv6Address... ipv6) {
        return InstanceNetworkInterface.builder().subnetId(subnet)
                .attachment(InstanceNetworkInterfaceAttachment.builder().deviceIndex(deviceIndex).build())
                .ipv6Addresses(ipv6).build();
    }

    private static InstanceIpv6Address ipv6(String address, boolean primary) {
        return InstanceIpv6Address.builder().ipv6Address(address).isPrimaryIpv6(primary).build();
    }

    private static Instance.Builder vpcInstance() {
        return Instance.builder().instanceId("i-1").privateIpAddress("10.0.0.1").imageId("ami-1")
                .placement(p -> p.availabilityZone("eu-west-2a")).state(s -> s.name("running"))
                .instanceType("t3.micro").architecture("arm64").vpcId("vpc-1").subnetId("subnet-1");
    }

    private static StaticConfig target(Instance instance) {
        return Ec2InstanceLabels.target(RESERVATION, instance, "eu-west-2", 9100, Map.of("eu-west-2a", "euw2-az2"))
                .orElseThrow();
    }

    @Test
    void aVpcInstanceGetsEveryLabel() {
        Instance instance = vpcInstance()
                .privateDnsName("ip-10-0-0-1.internal").publicIpAddress("3.3.3.3").publicDnsName("ec2-3-3-3-3.aws")
                .platform("windows").instanceLifecycle("spot")
                .networkInterfaces(
                        eni("subnet-1", 0, ipv6("2001:db8::1", true), ipv6("2001:db8::2", false)),
                        eni("subnet-2", 2, ipv6("2001:db8::3", true)),
                        eni("subnet-1", 1))
                .tags(Tag.builder().key("Name").value("web-1").build(), Tag.builder().key("app.kubernetes/name").value("web").build())
                .build();

        StaticConfig target = target(instance);

        assertThat(target.targets()).containsExactly("10.0.0.1:9100");
        assertThat(target.labels().toMap()).isEqualTo(Labels.fromMap(Map.ofEntries(
                Map.entry("__meta_ec2_instance_id", "i-1"),
                Map.entry("__meta_ec2_region", "eu-west-2"),
                Map.entry("__meta_ec2_owner_id", "123456789012"),
                Map.entry("__meta_ec2_private_ip", "10.0.0.1"),
                Map.entry("__meta_ec2_private_dns_name", "ip-10-0-0-1.internal"),
                Map.entry("__meta_ec2_public_ip", "3.3.3.3"),
                Map.entry("__meta_ec2_public_dns_name", "ec2-3-3-3-3.aws"),
                Map.entry("__meta_ec2_platform", "windows"),
                Map.entry("__meta_ec2_ami", "ami-1"),
                Map.entry("__meta_ec2_availability_zone", "eu-west-2a"),
                Map.entry("__meta_ec2_availability_zone_id", "euw2-az2"),
                Map.entry("__meta_ec2_instance_state", "running"),
                Map.entry("__meta_ec2_instance_type", "t3.micro"),
                Map.entry("__meta_ec2_instance_lifecycle", "spot"),
                Map.entry("__meta_ec2_architecture", "arm64"),
                Map.entry("__meta_ec2_vpc_id", "vpc-1"),
                Map.entry("__meta_ec2_primary_subnet_id", "subnet-1"),
                Map.entry("__meta_ec2_subnet_id", ",subnet-1,subnet-2,"),
                Map.entry("__meta_ec2_ipv6_addresses", ",2001:db8::1,2001:db8::2,2001:db8::3,"),
                // Device 1 has no primary IPv6 address: its slot stays empty.
                Map.entry("__meta_ec2_primary_ipv6_addresses", ",2001:db8::1,,2001:db8::3,"),
                Map.entry("__meta_ec2_tag_Name", "web-1"),
                Map.entry("__meta_ec2_tag_app_kubernetes_name", "web"))).toMap());
    }

    @Test
    void optionalFieldsTheApiLeavesOutGiveNoLabel() {
        Instance instance = Instance.builder().instanceId("i-2").privateIpAddress("10.0.0.2").imageId("ami-1")
                .placement(p -> p.availabilityZone("eu-west-2c")).state(s -> s.name("stopped")).instanceType("t3.nano")
                .build();

        Labels labels = target(instance).labels();

        assertThat(labels.names()).doesNotContain("__meta_ec2_public_ip", "__meta_ec2_public_dns_name",
                "__meta_ec2_platform", "__meta_ec2_instance_lifecycle", "__meta_ec2_architecture", "__meta_ec2_vpc_id",
                "__meta_ec2_subnet_id", "__meta_ec2_ipv6_addresses", "__meta_ec2_primary_ipv6_addresses",
                "__meta_ec2_private_dns_name");
        assertThat(labels.get("__meta_ec2_instance_state")).isEqualTo("stopped");
        assertThat(labels.get("__meta_ec2_availability_zone_id")).as("zone unknown to the id map").isEmpty();
    }

    @Test
    void aVpcInstanceWithoutIpv6HasSubnetsButNoIpv6Labels() {
        Labels labels = target(vpcInstance().networkInterfaces(eni("subnet-1", 0)).build()).labels();

        assertThat(labels.get("__meta_ec2_subnet_id")).isEqualTo(",subnet-1,");
        assertThat(labels.names()).doesNotContain("__meta_ec2_ipv6_addresses", "__meta_ec2_primary_ipv6_addresses");
    }

    @Test
    void anInstanceWithoutPrivateIpIsNoTarget() {
        assertThat(Ec2InstanceLabels.target(RESERVATION, Instance.builder().instanceId("i-3").build(), "r", 80, Map.of()))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1     | 80   | 10.0.0.1:80
            2001:db8::1  | 9100 | [2001:db8::1]:9100
            """)
    void addressesJoinHostAndPortAsGoDoes(String host, int port, String address) {
        assertThat(Ec2InstanceLabels.hostPort(host, port)).isEqualTo(address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Name                 | Name
            aws:autoscaling:name | aws_autoscaling_name
            team-owner           | team_owner
            café                 | caf_
            emoji😀x             | emoji_x
            """)
    void tagNamesAreSanitized(String tag, String label) {
        assertThat(Ec2InstanceLabels.sanitizeLabelName(tag)).isEqualTo(label);
    }

    @Test
    void listsAreWrappedInCommas() {
        assertThat(Ec2InstanceLabels.commaWrapped(List.of("a", "b"))).isEqualTo(",a,b,");
        assertThat(Ec2InstanceLabels.commaWrapped(List.of())).isEqualTo(",,");
    }
}
