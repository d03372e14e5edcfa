package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusConfig;
import io.promless.config.ScrapeConfig;
import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One endpoint to scrape: its job's config, its {@code host:port} address and the labels every
 * sample from it gets ({@code job}, {@code instance} and the static config's labels).
 */
public record ScrapeTarget(ScrapeConfig config, String address, Labels labels) {
    public ScrapeTarget {
        requireNonNull(config, "config is null");
        requireNonNull(address, "address is null");
        requireNonNull(labels, "labels is null");
    }

    /**
     * The targets of every static config, in config order. As in Prometheus, a group's own
     * {@code job} or {@code instance} label wins over the defaults (job name, address).
     */
    public static List<ScrapeTarget> fromConfig(PrometheusConfig config) {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (ScrapeConfig scrapeConfig : config.scrapeConfigs()) {
            targets.addAll(fromScrapeConfig(scrapeConfig));
        }
        return List.copyOf(targets);
    }

    public static List<ScrapeTarget> fromScrapeConfig(ScrapeConfig config) {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (StaticConfig group : config.staticConfigs()) {
            for (String address : group.targets()) {
                Labels.Builder labels = Labels.builder();
                group.labels().forEach((name, value) -> {
                    if (!name.startsWith("__")) {
                        labels.set(name, value);
                    }
                });
                if (labels.get("job").isEmpty()) {
                    labels.set("job", config.jobName());
                }
                if (labels.get("instance").isEmpty()) {
                    labels.set("instance", address);
                }
                targets.add(new ScrapeTarget(config, address, labels.build()));
            }
        }
        return List.copyOf(targets);
    }

    public String jobName() {
        return config.jobName();
    }

    public String instance() {
        return labels.get("instance");
    }

    /** {@code scheme://address/metrics_path?params}, params sorted by name as Go's url.Values encodes them. */
    public URI url() {
        StringBuilder url = new StringBuilder(config.scheme()).append("://").append(address);
        String path = config.metricsPath();
        url.append(path.startsWith("/") ? path : "/" + path);
        String separator = path.contains("?") ? "&" : "?";
        for (Map.Entry<String, List<String>> param : new java.util.TreeMap<>(config.params()).entrySet()) {
            for (String value : param.getValue()) {
                url.append(separator).append(encode(param.getKey())).append('=').append(encode(value));
                separator = "&";
            }
        }
        return URI.create(url.toString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Identifies the target across scrapes (for staleness tracking): job, URL and labels. */
    String stateKey() {
        return jobName() + "\u0000" + url() + "\u0000" + labels;
    }
}
