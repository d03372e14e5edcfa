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
import java.util.TreeMap;

/**
 * One endpoint to scrape: its job's config, its address, the URL to fetch and the labels every
 * sample from it gets ({@code job}, {@code instance} and the static config's labels).
 */
public record ScrapeTarget(ScrapeConfig config, String address, URI url, Labels labels) {
    private static final String ADDRESS = "__address__";
    private static final String SCHEME = "__scheme__";
    private static final String METRICS_PATH = "__metrics_path__";
    private static final String PARAM_PREFIX = "__param_";

    public ScrapeTarget {
        requireNonNull(config, "config is null");
        requireNonNull(address, "address is null");
        requireNonNull(url, "url is null");
        requireNonNull(labels, "labels is null");
    }

    /** The targets of every static config, in config order. */
    public static List<ScrapeTarget> fromConfig(PrometheusConfig config) {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (ScrapeConfig scrapeConfig : config.scrapeConfigs()) {
            targets.addAll(fromScrapeConfig(scrapeConfig));
        }
        return List.copyOf(targets);
    }

    /**
     * Builds targets the way Prometheus does before relabeling: a label set of the group's
     * labels plus {@code __address__}, {@code __scheme__}, {@code __metrics_path__},
     * {@code __param_<name>} and {@code job} from the config where the group does not set them;
     * the URL comes from those labels, {@code instance} defaults to the address, and labels
     * starting with {@code __} are dropped from the final set.
     */
    public static List<ScrapeTarget> fromScrapeConfig(ScrapeConfig config) {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (StaticConfig group : config.staticConfigs()) {
            for (String address : group.targets()) {
                targets.add(fromLabels(config, discoveredLabels(config, group, address)));
            }
        }
        return List.copyOf(targets);
    }

    private static Labels discoveredLabels(ScrapeConfig config, StaticConfig group, String address) {
        Labels.Builder labels = group.labels().toBuilder().set(ADDRESS, address);
        setIfAbsent(labels, "job", config.jobName());
        setIfAbsent(labels, SCHEME, config.scheme());
        setIfAbsent(labels, METRICS_PATH, config.metricsPath());
        for (Map.Entry<String, List<String>> param : config.params().entrySet()) {
            if (!param.getValue().isEmpty()) {
                setIfAbsent(labels, PARAM_PREFIX + param.getKey(), param.getValue().get(0));
            }
        }
        return labels.build();
    }

    private static void setIfAbsent(Labels.Builder labels, String name, String value) {
        if (labels.get(name).isEmpty()) {
            labels.set(name, value);
        }
    }

    /** The target a (possibly relabeled) label set describes. */
    static ScrapeTarget fromLabels(ScrapeConfig config, Labels discovered) {
        String address = discovered.get(ADDRESS);
        Labels.Builder visible = Labels.builder();
        discovered.forEach((name, value) -> {
            if (!name.startsWith("__")) {
                visible.set(name, value);
            }
        });
        if (visible.get("instance").isEmpty()) {
            visible.set("instance", address);
        }
        return new ScrapeTarget(config, address, url(config, discovered), visible.build());
    }

    /**
     * {@code scheme://address/metrics_path?params}: a {@code __param_<name>} label replaces the
     * first value of that config param, other values stay; names are sorted as Go's url.Values
     * encodes them.
     */
    private static URI url(ScrapeConfig config, Labels discovered) {
        Map<String, List<String>> params = new TreeMap<>(config.params());
        discovered.forEach((name, value) -> {
            if (name.startsWith(PARAM_PREFIX)) {
                String param = name.substring(PARAM_PREFIX.length());
                List<String> values = new ArrayList<>(params.getOrDefault(param, List.of()));
                if (values.isEmpty()) {
                    values.add(value);
                } else {
                    values.set(0, value);
                }
                params.put(param, values);
            }
        });
        String path = discovered.get(METRICS_PATH);
        StringBuilder url = new StringBuilder(discovered.get(SCHEME)).append("://").append(discovered.get(ADDRESS));
        url.append(path.startsWith("/") ? path : "/" + path);
        String separator = path.contains("?") ? "&" : "?";
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
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

    public String jobName() {
        return config.jobName();
    }

    public String instance() {
        return labels.get("instance");
    }

    /** Identifies the target across scrapes (for staleness tracking): job, URL and labels. */
    String stateKey() {
        return jobName() + "\u0000" + url + "\u0000" + labels;
    }
}
