package io.promless.api;

import static java.util.Objects.requireNonNull;

/**
 * What /api/v1/status/buildinfo reports, field for field as Prometheus names them. There is
 * deliberately no {@code features} field: Grafana reads one as a claim that a Mimir-style ruler
 * API exists.
 *
 * @param version the Prometheus release whose API the server follows, e.g. {@link
 *     #PROMETHEUS_COMPATIBLE_VERSION}: Grafana compares it with Prometheus releases to choose
 *     features (a version below 2.24.0 makes it avoid {@code match[]} on the labels API), so
 *     Promless's own version belongs in {@code revision} or {@code branch}, not here
 * @param goVersion the runtime the server runs on (Prometheus reports Go's; Promless its JVM's,
 *     e.g. {@code java21.0.5})
 */
public record BuildInfo(
        String version, String revision, String branch, String buildUser, String buildDate, String goVersion) {
    /** The Prometheus release the PromQL conformance data and API behaviour are taken from. */
    public static final String PROMETHEUS_COMPATIBLE_VERSION = "3.14.0";

    public BuildInfo {
        requireNonNull(version, "version is null");
        requireNonNull(revision, "revision is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(buildUser, "buildUser is null");
        requireNonNull(buildDate, "buildDate is null");
        requireNonNull(goVersion, "goVersion is null");
    }
}
