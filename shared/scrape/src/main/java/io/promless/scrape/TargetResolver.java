package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusDuration;
import io.promless.config.ScrapeConfig;
import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import io.promless.relabel.Relabeler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns discovered target groups into scrape targets as Prometheus does: each address gets the
 * group's labels plus {@code job}, {@code __scrape_interval__}, {@code __scrape_timeout__},
 * {@code __metrics_path__}, {@code __scheme__} and {@code __param_<name>} from the config where
 * discovery did not set them; {@code relabel_configs} run on that set; a set they drop becomes
 * a dropped target; the survivors need an address without a path and a timeout no longer than
 * their interval; {@code __meta_*} labels go, {@code instance} defaults to the address, and
 * labels starting with {@code __} stay off the samples.
 */
public final class TargetResolver {
    static final String ADDRESS = "__address__";
    static final String SCHEME = "__scheme__";
    static final String METRICS_PATH = "__metrics_path__";
    static final String PARAM_PREFIX = "__param_";
    static final String SCRAPE_INTERVAL = "__scrape_interval__";
    static final String SCRAPE_TIMEOUT = "__scrape_timeout__";
    private static final String META_PREFIX = "__meta_";
    private static final System.Logger LOG = System.getLogger(TargetResolver.class.getName());

    /** Active targets (in discovery order, duplicates removed), dropped ones, and rejected ones with why. */
    public record Resolution(List<ScrapeTarget> active, List<DroppedTarget> dropped, List<String> errors) {
        public Resolution {
            active = List.copyOf(active);
            dropped = List.copyOf(dropped);
            errors = List.copyOf(errors);
        }
    }

    private TargetResolver() {}

    public static Resolution resolve(ScrapeConfig config, List<StaticConfig> groups) {
        requireNonNull(config, "config is null");
        requireNonNull(groups, "groups is null");
        Relabeler relabeler = Relabeler.forValidationScheme(config.options().metricNameValidationScheme());
        Map<String, ScrapeTarget> active = new LinkedHashMap<>();
        List<DroppedTarget> dropped = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (StaticConfig group : groups) {
            for (String address : group.targets()) {
                Labels discovered = discoveredLabels(config, group, address);
                Optional<Labels> relabeled = relabeler.process(discovered, config.relabelConfigs());
                if (relabeled.isEmpty()) {
                    dropped.add(new DroppedTarget(config.jobName(), discovered));
                    continue;
                }
                try {
                    ScrapeTarget target = target(config, discovered, relabeled.get());
                    active.putIfAbsent(target.stateKey(), target);
                } catch (IllegalArgumentException e) {
                    String error = "instance " + address + " in job " + config.jobName() + ": " + e.getMessage();
                    LOG.log(System.Logger.Level.WARNING, "dropping a target that cannot be scraped: " + error);
                    errors.add(error);
                }
            }
        }
        return new Resolution(List.copyOf(active.values()), dropped, errors);
    }

    private static Labels discoveredLabels(ScrapeConfig config, StaticConfig group, String address) {
        Labels.Builder labels = group.labels().toBuilder().set(ADDRESS, address);
        setIfAbsent(labels, "job", config.jobName());
        setIfAbsent(labels, SCRAPE_INTERVAL, PrometheusDuration.format(config.scrapeInterval()));
        setIfAbsent(labels, SCRAPE_TIMEOUT, PrometheusDuration.format(config.scrapeTimeout()));
        setIfAbsent(labels, METRICS_PATH, config.metricsPath());
        setIfAbsent(labels, SCHEME, config.scheme());
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

    /** @throws IllegalArgumentException worded as Prometheus words the rejection */
    private static ScrapeTarget target(ScrapeConfig config, Labels discovered, Labels relabeled) {
        String address = relabeled.get(ADDRESS);
        if (address.isEmpty()) {
            throw new IllegalArgumentException("no address");
        }
        if (address.contains("/")) {
            throw new IllegalArgumentException("\"" + address + "\" is not a valid hostname");
        }
        Duration interval = duration(relabeled, SCRAPE_INTERVAL, "interval");
        Duration timeout = duration(relabeled, SCRAPE_TIMEOUT, "timeout");
        if (interval.isZero()) {
            throw new IllegalArgumentException("scrape interval cannot be 0");
        }
        if (timeout.isZero()) {
            throw new IllegalArgumentException("scrape timeout cannot be 0");
        }
        if (timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("scrape timeout cannot be greater than scrape interval (\""
                    + PrometheusDuration.format(timeout) + "\" > \"" + PrometheusDuration.format(interval) + "\")");
        }
        URI url;
        try {
            url = ScrapeTarget.url(config, relabeled);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid scrape URL: " + e.getMessage(), e);
        }
        Labels.Builder visible = Labels.builder();
        relabeled.forEach((name, value) -> {
            if (!name.startsWith("__")) {
                visible.set(name, value);
            }
        });
        if (visible.get("instance").isEmpty()) {
            visible.set("instance", address);
        }
        return new ScrapeTarget(config, address, url, visible.build(), discovered, interval, timeout);
    }

    private static Duration duration(Labels labels, String name, String what) {
        String text = labels.get(name);
        try {
            return PrometheusDuration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("error parsing scrape " + what + ": " + e.getMessage(), e);
        }
    }
}
