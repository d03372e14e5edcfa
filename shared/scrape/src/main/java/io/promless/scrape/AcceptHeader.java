package io.promless.scrape;

import io.promless.config.ScrapeProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code Accept} header Prometheus 3 sends for a list of scrape protocols: each media
 * type in order with falling weights ({@code q=0.6, 0.5, ...}), then {@code *}{@code /*} last; the
 * 1.0.0 text formats carry the job's name escaping scheme. With the default protocols and UTF-8
 * names this is exactly Prometheus 3's default header.
 */
final class AcceptHeader {
    private AcceptHeader() {}

    /** @param escapingScheme the job's metric name escaping, sent with the 1.0.0 text formats */
    static String forProtocols(List<String> protocols, String escapingScheme) {
        List<String> parts = new ArrayList<>();
        // Weights count down from one more than the number of protocols Prometheus knows,
        // whatever the job lists, so that a header names its protocols the way Prometheus does.
        int weight = ScrapeProtocol.SUPPORTED.size() + 1;
        for (String protocol : protocols) {
            String mediaType = mediaType(protocol);
            if (protocol.equals(ScrapeProtocol.OPENMETRICS_TEXT_1_0_0) || protocol.equals(ScrapeProtocol.PROMETHEUS_TEXT_1_0_0)) {
                mediaType += ";escaping=" + escapingScheme;
            }
            parts.add(mediaType + ";q=0." + weight);
            weight--;
        }
        parts.add("*/*;q=0." + Math.max(weight, 1));
        return String.join(",", parts);
    }

    static String mediaType(String protocol) {
        return switch (protocol) {
            case ScrapeProtocol.PROMETHEUS_PROTO ->
                    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
            case ScrapeProtocol.OPENMETRICS_TEXT_1_0_0 -> "application/openmetrics-text;version=1.0.0";
            case ScrapeProtocol.OPENMETRICS_TEXT_0_0_1 -> "application/openmetrics-text;version=0.0.1";
            case ScrapeProtocol.PROMETHEUS_TEXT_1_0_0 -> "text/plain;version=1.0.0";
            case ScrapeProtocol.PROMETHEUS_TEXT_0_0_4 -> "text/plain;version=0.0.4";
            default -> throw new IllegalArgumentException("unknown scrape protocol " + protocol);
        };
    }
}
