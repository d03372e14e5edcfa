package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusConfig;
import io.promless.config.ScrapeConfig;
import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import io.promless.scrape.state.TargetSeriesState;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One endpoint to scrape: its job's config, its address, the URL to fetch, the labels every
 * sample from it gets, the labels discovery handed over before relabeling (for the targets API),
 * and its interval and timeout (relabeling may change them through {@code __scrape_interval__}
 * and {@code __scrape_timeout__}).
 */
public record ScrapeTarget(
        ScrapeConfig config, String address, URI url, Labels labels, Labels discoveredLabels, Duration interval,
        Duration timeout) {
    public ScrapeTarget {
        requireNonNull(config, "config is null");
        requireNonNull(address, "address is null");
        requireNonNull(url, "url is null");
        requireNonNull(labels, "labels is null");
        requireNonNull(discoveredLabels, "discoveredLabels is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(timeout, "timeout is null");
    }

    /** A target that took the job's interval and timeout and was not relabeled. */
    public ScrapeTarget(ScrapeConfig config, String address, URI url, Labels labels) {
        this(config, address, url, labels, labels, config.scrapeInterval(), config.scrapeTimeout());
    }

    /** The active targets of every static config, in config order (relabeling applied). */
    public static List<ScrapeTarget> fromConfig(PrometheusConfig config) {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (ScrapeConfig scrapeConfig : config.scrapeConfigs()) {
            targets.addAll(fromScrapeConfig(scrapeConfig));
        }
        return List.copyOf(targets);
    }

    /** The active targets of one job's static configs (relabeling applied). */
    public static List<ScrapeTarget> fromScrapeConfig(ScrapeConfig config) {
        return TargetResolver.resolve(config, config.staticConfigs()).active();
    }

    /**
     * {@code scheme://address/metrics_path?params} from the final (relabeled) label set: a
     * {@code __param_<name>} label replaces the first value of that config param, other values
     * stay; names are sorted as Go's url.Values encodes them.
     */
    static URI url(ScrapeConfig config, Labels labels) {
        Map<String, List<String>> params = new TreeMap<>(config.params());
        labels.forEach((name, value) -> {
            if (name.startsWith(TargetResolver.PARAM_PREFIX)) {
                String param = name.substring(TargetResolver.PARAM_PREFIX.length());
                List<String> values = new ArrayList<>(params.getOrDefault(param, List.of()));
                if (values.isEmpty()) {
                    values.add(value);
                } else {
                    values.set(0, value);
                }
                params.put(param, values);
            }
        });
        String path = labels.get(TargetResolver.METRICS_PATH);
        StringBuilder url = new StringBuilder(labels.get(TargetResolver.SCHEME)).append("://")
                .append(labels.get(TargetResolver.ADDRESS));
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

    /** The id the target's scrape state is stored under: a hash of {@link #stateKey}. */
    public String stateId() {
        return TargetSeriesState.idOf(stateKey());
    }
}
