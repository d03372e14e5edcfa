package io.promless.scrape;

import io.promless.config.StaticConfig;
import java.util.List;

/**
 * A source of target groups for one job: one entry of a service discovery section (a set of
 * target files, a Kubernetes role, an EC2 region...). Time is an argument: a discovery refreshes
 * itself when {@code nowMillis} reaches its next refresh. A refresh that fails keeps the last good
 * groups (Prometheus keeps targets while discovery is broken), and is logged and counted.
 */
public interface TargetDiscovery {
    /** The current target groups, refreshed first when due at {@code nowMillis}. */
    List<StaticConfig> groups(long nowMillis);

    /** Refreshes (or files) that failed, summed over this discovery's life. */
    long failures();

    /** The config section it serves, e.g. {@code file_sd_configs}: the name the service discovery page shows. */
    String sectionName();
}
