package io.promless.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The facts about the running server that the /api/v1/status endpoints report, filled by the
 * composition root (and replaced after a configuration reload).
 *
 * @param build the build information
 * @param startTime when the process (or Lambda container) started
 * @param workingDirectory the process's working directory ({@code CWD})
 * @param hostname the host name, "" when unknown
 * @param configYaml the loaded configuration file, as text
 * @param reloadConfigSuccess whether the last configuration load succeeded
 * @param lastConfigTime when the configuration was last loaded successfully
 * @param flags command-line flags by name, every value as text (Prometheus lists all its flags
 *     with their defaults)
 * @param storageRetention the retention as Prometheus prints it, e.g. {@code 15d}
 */
public record ServerInfo(
        BuildInfo build,
        Instant startTime,
        String workingDirectory,
        String hostname,
        String configYaml,
        boolean reloadConfigSuccess,
        Instant lastConfigTime,
        Map<String, String> flags,
        String storageRetention) {
    public ServerInfo {
        requireNonNull(build, "build is null");
        requireNonNull(startTime, "startTime is null");
        requireNonNull(workingDirectory, "workingDirectory is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(configYaml, "configYaml is null");
        requireNonNull(lastConfigTime, "lastConfigTime is null");
        // Sorted, as Go writes map keys.
        flags = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(flags, "flags is null")));
        requireNonNull(storageRetention, "storageRetention is null");
    }

    /**
     * What a server knows about itself before its composition root says more: the Prometheus
     * version it follows, Promless's version from the jar manifest (or {@code unknown}) as the
     * revision, the JVM as runtime, no configuration and no flags.
     */
    public static ServerInfo minimal(Instant startTime) {
        Package apiPackage = ServerInfo.class.getPackage();
        String promlessVersion =
                apiPackage.getImplementationVersion() == null ? "unknown" : apiPackage.getImplementationVersion();
        BuildInfo build = new BuildInfo(BuildInfo.PROMETHEUS_COMPATIBLE_VERSION, promlessVersion, "promless",
                "unknown", "unknown", "java" + Runtime.version());
        return new ServerInfo(build, startTime, System.getProperty("user.dir", ""), "", "", true, startTime,
                Map.of(), "");
    }
}
