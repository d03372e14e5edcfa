package io.promless.aws.discovery;

import static java.util.Objects.requireNonNull;

import io.promless.config.Ec2SdConfig;
import io.promless.config.StaticConfig;
import io.promless.scrape.TargetDiscovery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * Targets from one {@code ec2_sd_configs} entry, as Prometheus discovers them: every instance
 * DescribeInstances returns for the configured filters (all pages), one target group per
 * instance (see {@link Ec2InstanceLabels}). The zone-name-to-zone-id map is fetched once and
 * kept (Prometheus needs a reload for a new zone too); when that call fails the id label stays
 * empty and the next refresh tries again. A failed refresh keeps the last good targets, and is
 * logged naming the job and counted; after an authentication failure the client is rebuilt so
 * rotated credentials are picked up. Time is an argument. Thread-safe.
 */
public final class Ec2Discovery implements TargetDiscovery {
    private static final System.Logger LOG = System.getLogger(Ec2Discovery.class.getName());

    private final Ec2SdConfig config;
    private final String jobName;
    private final Supplier<Ec2Client> clientFactory;
    private final OptionalInt pageSize;
    private final LongAdder failures = new LongAdder();
    private Ec2Client client;
    private Map<String, String> availabilityZoneIds;
    private List<StaticConfig> groups = List.of();
    private long nextRefreshMillis = Long.MIN_VALUE;
    private String lastError = "";

    /**
     * @param clientFactory builds the EC2 client (called lazily, and again after an authentication failure)
     * @param pageSize DescribeInstances page size; empty for the API's default
     */
    public Ec2Discovery(Ec2SdConfig config, String jobName, Supplier<Ec2Client> clientFactory, OptionalInt pageSize) {
        this.config = requireNonNull(config, "config is null");
        this.jobName = requireNonNull(jobName, "jobName is null");
        this.clientFactory = requireNonNull(clientFactory, "clientFactory is null");
        this.pageSize = requireNonNull(pageSize, "pageSize is null");
    }

    @Override
    public synchronized List<StaticConfig> groups(long nowMillis) {
        if (nowMillis >= nextRefreshMillis) {
            refresh();
            nextRefreshMillis = nowMillis + Math.max(1, config.refreshInterval().toMillis());
        }
        return groups;
    }

    @Override
    public long failures() {
        return failures.sum();
    }

    /** Why the latest refresh failed; empty after a good one. */
    public synchronized String lastError() {
        return lastError;
    }

    @Override
    public String sectionName() {
        return Ec2SdConfig.SECTION;
    }

    private void refresh() {
        try {
            groups = List.copyOf(describe());
            lastError = "";
        } catch (RuntimeException e) {
            // SDK, endpoint and credential errors alike: discovery trouble never stops scraping.
            failures.increment();
            lastError = "could not describe instances: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            if (isAuthenticationFailure(e)) {
                client = null;
            }
            LOG.log(System.Logger.Level.ERROR, "ec2_sd_configs of job \"" + jobName + "\" (region " + config.region()
                    + "): " + lastError + "; keeping the last " + groups.size() + " targets");
        }
    }

    private List<StaticConfig> describe() {
        if (client == null) {
            client = clientFactory.get();
        }
        if (availabilityZoneIds == null) {
            availabilityZoneIds = zoneIds(client);
        }
        DescribeInstancesRequest.Builder request = DescribeInstancesRequest.builder()
                .filters(config.filters().stream()
                        .map(filter -> Filter.builder().name(filter.name()).values(filter.values()).build())
                        .toList());
        pageSize.ifPresent(request::maxResults);
        List<StaticConfig> targets = new ArrayList<>();
        for (DescribeInstancesResponse page : client.describeInstancesPaginator(request.build())) {
            for (Reservation reservation : page.reservations()) {
                for (Instance instance : reservation.instances()) {
                    Ec2InstanceLabels.target(reservation, instance, config.region(), config.port(),
                            availabilityZoneIds == null ? Map.of() : availabilityZoneIds).ifPresent(targets::add);
                }
            }
        }
        return targets;
    }

    /** Zone name to zone id, or null when the call fails (the labels then stay empty, as in Prometheus). */
    private Map<String, String> zoneIds(Ec2Client ec2) {
        try {
            Map<String, String> ids = new HashMap<>();
            for (AvailabilityZone zone : ec2.describeAvailabilityZones().availabilityZones()) {
                if (zone.zoneName() != null && zone.zoneId() != null) {
                    ids.put(zone.zoneName(), zone.zoneId());
                }
            }
            return Map.copyOf(ids);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "ec2_sd_configs of job \"" + jobName
                    + "\": unable to describe availability zones: " + e.getMessage());
            return null;
        }
    }

    private static boolean isAuthenticationFailure(RuntimeException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            return "AuthFailure".equals(code) || "UnauthorizedOperation".equals(code);
        }
        return false;
    }
}
