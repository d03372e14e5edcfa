package io.promless.aws.discovery;

import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceIpv6Address;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The target Prometheus's EC2 discovery makes of one instance: address {@code private-ip:port},
 * and the {@code __meta_ec2_*} labels. Lists are joined with commas and wrapped in commas
 * ({@code ,subnet-1,subnet-2,}) so a relabel regex can match one element with {@code .*,x,.*};
 * optional fields the API leaves out give no label; tag names are sanitized into label names.
 */
final class Ec2InstanceLabels {
    static final String PREFIX = "__meta_ec2_";
    private static final String SEPARATOR = ",";

    private Ec2InstanceLabels() {}

    /**
     * The target group of one instance, or empty for an instance without a private IP (as
     * Prometheus skips those: terminated instances, for example).
     *
     * @param availabilityZoneIds zone name to zone id; empty when DescribeAvailabilityZones failed
     */
    static Optional<StaticConfig> target(Reservation reservation, Instance instance, String region, int port,
            Map<String, String> availabilityZoneIds) {
        String privateIp = instance.privateIpAddress();
        if (privateIp == null) {
            return Optional.empty();
        }
        Labels.Builder labels = Labels.builder()
                .set(PREFIX + "instance_id", instance.instanceId())
                .set(PREFIX + "region", region)
                .set(PREFIX + "private_ip", privateIp);
        setIfPresent(labels, "owner_id", reservation.ownerId());
        setIfPresent(labels, "private_dns_name", instance.privateDnsName());
        setIfPresent(labels, "platform", instance.platformAsString());
        if (instance.publicIpAddress() != null) {
            labels.set(PREFIX + "public_ip", instance.publicIpAddress());
            labels.set(PREFIX + "public_dns_name", nullToEmpty(instance.publicDnsName()));
        }
        labels.set(PREFIX + "ami", nullToEmpty(instance.imageId()));
        String zone = instance.placement() == null ? "" : nullToEmpty(instance.placement().availabilityZone());
        labels.set(PREFIX + "availability_zone", zone);
        labels.set(PREFIX + "availability_zone_id", availabilityZoneIds.getOrDefault(zone, ""));
        labels.set(PREFIX + "instance_state", instance.state() == null ? "" : nullToEmpty(instance.state().nameAsString()));
        labels.set(PREFIX + "instance_type", nullToEmpty(instance.instanceTypeAsString()));
        setIfPresent(labels, "instance_lifecycle", instance.instanceLifecycleAsString());
        setIfPresent(labels, "architecture", instance.architectureAsString());
        if (instance.vpcId() != null) {
            networkLabels(labels, instance);
        }
        for (Tag tag : instance.tags()) {
            if (tag.key() != null && tag.value() != null) {
                labels.set(PREFIX + "tag_" + sanitizeLabelName(tag.key()), tag.value());
            }
        }
        return Optional.of(new StaticConfig(List.of(hostPort(privateIp, port)), labels.build()));
    }

    /** VPC, subnets (deduplicated, in API order) and IPv6 addresses, as Prometheus sets them for VPC instances. */
    private static void networkLabels(Labels.Builder labels, Instance instance) {
        labels.set(PREFIX + "vpc_id", instance.vpcId());
        labels.set(PREFIX + "primary_subnet_id", nullToEmpty(instance.subnetId()));
        Set<String> subnets = new LinkedHashSet<>();
        List<String> ipv6Addresses = new ArrayList<>();
        // Primary IPv6 addresses by device index; gaps stay empty so positions keep their meaning.
        List<String> primaryIpv6ByDevice = new ArrayList<>();
        for (InstanceNetworkInterface networkInterface : instance.networkInterfaces()) {
            if (networkInterface.subnetId() == null) {
                continue;
            }
            subnets.add(networkInterface.subnetId());
            for (InstanceIpv6Address address : networkInterface.ipv6Addresses()) {
                ipv6Addresses.add(address.ipv6Address());
                Integer deviceIndex = networkInterface.attachment() == null ? null : networkInterface.attachment().deviceIndex();
                if (Boolean.TRUE.equals(address.isPrimaryIpv6()) && deviceIndex != null && deviceIndex >= 0) {
                    while (primaryIpv6ByDevice.size() <= deviceIndex) {
                        primaryIpv6ByDevice.add("");
                    }
                    primaryIpv6ByDevice.set(deviceIndex, address.ipv6Address());
                }
            }
        }
        labels.set(PREFIX + "subnet_id", commaWrapped(new ArrayList<>(subnets)));
        if (!ipv6Addresses.isEmpty()) {
            labels.set(PREFIX + "ipv6_addresses", commaWrapped(ipv6Addresses));
        }
        if (!primaryIpv6ByDevice.isEmpty()) {
            labels.set(PREFIX + "primary_ipv6_addresses", commaWrapped(primaryIpv6ByDevice));
        }
    }

    static String commaWrapped(List<String> values) {
        return SEPARATOR + String.join(SEPARATOR, values) + SEPARATOR;
    }

    /** Go's net.JoinHostPort: IPv6 literals get brackets. */
    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Every character outside {@code [a-zA-Z0-9_]} becomes {@code _}, as Prometheus sanitizes tag names. */
    static String sanitizeLabelName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        // Per code point, as Go's regexp replaces whole runes.
        name.codePoints().forEach(c -> {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            out.append(allowed ? (char) c : '_');
        });
        return out.toString();
    }

    private static void setIfPresent(Labels.Builder labels, String name, String value) {
        if (value != null && !value.isEmpty()) {
            labels.set(PREFIX + name, value);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
