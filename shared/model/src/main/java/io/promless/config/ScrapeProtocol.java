package io.promless.config;

import java.util.List;

/** Names of the exposition protocols a scrape config may ask for, in Prometheus's spelling. */
public final class ScrapeProtocol {
    public static final String PROMETHEUS_PROTO = "PrometheusProto";
    public static final String PROMETHEUS_TEXT_0_0_4 = "PrometheusText0.0.4";
    public static final String PROMETHEUS_TEXT_1_0_0 = "PrometheusText1.0.0";
    public static final String OPENMETRICS_TEXT_0_0_1 = "OpenMetricsText0.0.1";
    public static final String OPENMETRICS_TEXT_1_0_0 = "OpenMetricsText1.0.0";

    /** Sorted, as Prometheus lists them in errors. */
    public static final List<String> SUPPORTED = List.of(OPENMETRICS_TEXT_0_0_1, OPENMETRICS_TEXT_1_0_0,
            PROMETHEUS_PROTO, PROMETHEUS_TEXT_0_0_4, PROMETHEUS_TEXT_1_0_0);
    public static final List<String> DEFAULTS = List.of(OPENMETRICS_TEXT_1_0_0, OPENMETRICS_TEXT_0_0_1,
            PROMETHEUS_TEXT_1_0_0, PROMETHEUS_TEXT_0_0_4);
    public static final List<String> DEFAULTS_WITH_NATIVE_HISTOGRAMS = List.of(PROMETHEUS_PROTO,
            OPENMETRICS_TEXT_1_0_0, OPENMETRICS_TEXT_0_0_1, PROMETHEUS_TEXT_1_0_0, PROMETHEUS_TEXT_0_0_4);

    private ScrapeProtocol() {}

    static String supportedList() {
        return "[" + String.join(" ", SUPPORTED) + "]";
    }
}
