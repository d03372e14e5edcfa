package io.promless.config;

import static java.util.Objects.requireNonNull;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import io.promless.config.yaml.YamlTree;
import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads a Prometheus configuration file the way Prometheus does: strict YAML (unknown and
 * duplicate keys are errors), global defaults flowing into each scrape config, validation with
 * Prometheus's wording, relative file names resolved against the file's directory, and
 * {@code scrape_config_files} globs read and merged.
 */
public final class ConfigLoader {
    /** Server mode accepts everything; agent mode refuses rule files, alerting and remote_read. */
    public enum Mode {
        SERVER,
        AGENT
    }

    private static final Set<String> SERVICE_DISCOVERY = Set.of(
            "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs",
            "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs", "file_sd_configs",
            "gce_sd_configs", "hetzner_sd_configs", "http_sd_configs", "ionos_sd_configs", "kubernetes_sd_configs",
            "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs", "marathon_sd_configs",
            "nerve_sd_configs", "nomad_sd_configs", "oci_sd_configs", "openstack_sd_configs", "outscale_sd_configs",
            "ovhcloud_sd_configs", "puppetdb_sd_configs", "scaleway_sd_configs", "serverset_sd_configs",
            "stackit_sd_configs", "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs");
    /** The discovery sections Promless implements, each with the reader of one entry. */
    private static final Map<String, DiscoveryConfigReader> DISCOVERY_READERS = Map.ofEntries(
            Map.entry(FileSdConfig.SECTION, ConfigLoader::fileSdConfig),
            Map.entry(KubernetesSdConfig.SECTION, KubernetesSdConfigReader::read),
            Map.entry(Ec2SdConfig.SECTION, Ec2SdConfigReader.standard()::read));
    /** Go type names Prometheus's unmarshal errors use for an entry of each implemented section. */
    private static final Map<String, String> DISCOVERY_TYPE_NAMES = Map.ofEntries(
            Map.entry(FileSdConfig.SECTION, "file.SDConfig"),
            Map.entry(KubernetesSdConfig.SECTION, KubernetesSdConfigReader.TYPE_NAME),
            Map.entry(Ec2SdConfig.SECTION, "aws.plain"));
    private static final List<String> RAW_SECTIONS = List.of("alerting", "remote_write", "remote_read", "storage",
            "tracing", "otlp", "runtime");
    /** A glob may only appear in the last path element. */
    private static final Pattern FILE_PATTERN = Pattern.compile("^[^*]*(\\*[^/]*)?$");
    /** Prometheus's rule for file_sd names: a glob in the last element only, and a JSON or YAML extension. */
    private static final Pattern FILE_SD_NAME = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");
    private static final Pattern BYTE_SIZE = Pattern.compile("^([0-9]+)([A-Za-z]*)$");

    private final Function<String, String> environment;
    private final Mode mode;

    /** @param environment looks up variables for {@code ${VAR}} in external labels; null when unset */
    public ConfigLoader(Function<String, String> environment, Mode mode) {
        this.environment = requireNonNull(environment, "environment is null");
        this.mode = requireNonNull(mode, "mode is null");
    }

    /** Whether {@code section} (e.g. {@code ec2_sd_configs}) is a discovery mechanism Promless parses and runs. */
    public static boolean implementsDiscovery(String section) {
        return DISCOVERY_READERS.containsKey(section);
    }

    /** A server-mode loader reading the process environment. */
    public static ConfigLoader standard() {
        return new ConfigLoader(System::getenv, Mode.SERVER);
    }

    /** Loads a file and the scrape config files it names; errors start with {@code file:line:}. */
    public PrometheusConfig load(Path file) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("error loading config from \"" + file + "\": " + e.getMessage(), e)
                    .withSource(file.toString());
        }
        return load(file.toString(), text, file.toAbsolutePath().getParent());
    }

    /**
     * Loads configuration text read from {@code sourceName} (a file, an object key) and the scrape
     * config files it names; errors start with {@code sourceName:line:} ahead of Prometheus's text.
     */
    public PrometheusConfig load(String sourceName, String text, Path baseDirectory) {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(text, "text is null");
        try {
            PrometheusConfig config = parse(text, baseDirectory);
            return resolveScrapeConfigFiles(config);
        } catch (ConfigException e) {
            ConfigException wrapped = new ConfigException("parsing YAML file " + sourceName + ": " + e.detail(), e);
            throw wrapped.withSource(e.source().orElse(sourceName));
        }
    }

    /** Parses configuration text; relative file names resolve against {@code baseDirectory} (may be null). */
    public PrometheusConfig parse(String text, Path baseDirectory) {
        requireNonNull(text, "text is null");
        YamlFields root = YamlFields.of(YamlTree.parse(text), "config.plain");
        GlobalConfig global = root.take("global").map(this::locatedGlobal).orElse(GlobalConfig.DEFAULT);
        List<String> ruleFiles = filePatterns(root.strings("rule_files"), "rule file", baseDirectory);
        List<String> scrapeConfigFiles = filePatterns(root.strings("scrape_config_files"), "scrape config file", baseDirectory);
        Map<String, YamlNode> other = new LinkedHashMap<>();
        for (String section : RAW_SECTIONS) {
            root.take(section).ifPresent(node -> other.put(section, node));
        }
        List<ScrapeConfig> scrapeConfigs = new ArrayList<>();
        Optional<YamlNode.Sequence> scrapeSection = root.sequence("scrape_configs");
        root.finish();
        checkMode(ruleFiles, other);
        checkRawSections(other);
        if (other.containsKey("tracing")) {
            TracingSectionChecks.check(other.get("tracing"));
        }
        if (other.containsKey("otlp")) {
            OtlpSectionChecks.check(other.get("otlp"), global.options().metricNameValidationScheme());
        }
        HttpClientConfigReader http = new HttpClientConfigReader(baseDirectory);
        if (other.containsKey("remote_write")) {
            RemoteSectionChecks.checkRemoteWrite(other.get("remote_write"), http);
        }
        if (other.containsKey("remote_read")) {
            RemoteSectionChecks.checkRemoteRead(other.get("remote_read"), http);
        }
        if (scrapeSection.isPresent()) {
            for (YamlNode node : scrapeSection.get().items()) {
                if (YamlFields.isNull(node)) {
                    throw new ConfigException("empty or null scrape config section");
                }
                scrapeConfigs.add(scrapeConfig(node, global, http, baseDirectory));
            }
        }
        checkUniqueJobs(scrapeConfigs);
        return new PrometheusConfig(global, scrapeConfigs, ruleFiles, scrapeConfigFiles, other);
    }

    /** Reads every file the config's {@code scrape_config_files} globs match and appends their jobs. */
    public PrometheusConfig resolveScrapeConfigFiles(PrometheusConfig config) {
        if (config.scrapeConfigFiles().isEmpty()) {
            return config;
        }
        List<ScrapeConfig> all = new ArrayList<>(config.scrapeConfigs());
        for (String pattern : config.scrapeConfigFiles()) {
            for (Path file : glob(Path.of(pattern))) {
                all.addAll(scrapeConfigFile(file, config.global()));
            }
        }
        checkUniqueJobs(all);
        return new PrometheusConfig(config.global(), all, config.ruleFiles(), config.scrapeConfigFiles(),
                config.otherSections());
    }

    /** A bare HTTP client config block, as in Prometheus's common library test files. */
    public HttpClientConfig parseHttpClientConfig(String text, Path baseDirectory) {
        return new HttpClientConfigReader(baseDirectory).readBlock(YamlTree.parse(text));
    }

    /** A bare HTTP client config file: JSON when named *.json, YAML otherwise. */
    public HttpClientConfig loadHttpClientConfig(Path file) {
        return new HttpClientConfigReader(file.toAbsolutePath().getParent()).readBlock(readTree(file));
    }

    /** A bare {@code tls_config} block. */
    public TlsConfig parseTlsConfig(String text, Path baseDirectory) {
        return new HttpClientConfigReader(baseDirectory).tls(YamlTree.parse(text));
    }

    /** A bare {@code tls_config} file: JSON when named *.json, YAML otherwise. */
    public TlsConfig loadTlsConfig(Path file) {
        return new HttpClientConfigReader(file.toAbsolutePath().getParent()).tls(readTree(file));
    }

    private static YamlNode readTree(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("error reading " + file + ": " + e.getMessage(), e);
        }
        return file.getFileName().toString().endsWith(".json") ? YamlTree.parseJson(text) : YamlTree.parse(text);
    }

    /** One target group ({@code targets}, {@code labels}), strictly, as in file_sd files. */
    public StaticConfig parseTargetGroup(String text) {
        return staticConfig(YamlTree.parse(text), 0);
    }

    private List<ScrapeConfig> scrapeConfigFile(Path file, GlobalConfig global) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("error reading scrape config file " + file + ": " + e.getMessage(), e);
        }
        YamlFields root = YamlFields.of(YamlTree.parse(text), "config.ScrapeConfigs");
        Optional<YamlNode.Sequence> section = root.sequence("scrape_configs");
        root.finish();
        HttpClientConfigReader http = new HttpClientConfigReader(file.toAbsolutePath().getParent());
        List<ScrapeConfig> configs = new ArrayList<>();
        for (YamlNode node : section.map(YamlNode.Sequence::items).orElse(List.of())) {
            if (YamlFields.isNull(node)) {
                throw new ConfigException("empty or null scrape config section");
            }
            try {
                configs.add(scrapeConfig(node, global, http, file.toAbsolutePath().getParent()));
            } catch (ConfigException e) {
                throw e.withSource(file.toString());
            }
        }
        return configs;
    }

    private static List<Path> glob(Path pattern) {
        Path directory = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
        String name = pattern.getFileName().toString();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            return List.of(pattern);
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, name)) {
            stream.forEach(matches::add);
        } catch (IOException e) {
            return List.of();
        }
        matches.sort(null);
        return matches;
    }

    private void checkMode(List<String> ruleFiles, Map<String, YamlNode> other) {
        if (mode != Mode.AGENT) {
            return;
        }
        if (!ruleFiles.isEmpty()) {
            throw new ConfigException("field rule_files is not allowed in agent mode");
        }
        if (other.containsKey("alerting")) {
            throw new ConfigException("field alerting is not allowed in agent mode");
        }
        if (other.containsKey("remote_read")) {
            throw new ConfigException("field remote_read is not allowed in agent mode");
        }
    }

    /** The few checks on unparsed sections that are cheap and catch real mistakes. */
    private static void checkRawSections(Map<String, YamlNode> other) {
        if (other.containsKey("storage")) {
            TsdbSettings.read(other.get("storage"));
        }
        YamlNode alerting = other.get("alerting");
        if (alerting instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries()) {
                if (entry.key().equals("alertmanagers") && entry.value() instanceof YamlNode.Sequence managers) {
                    for (YamlNode manager : managers.items()) {
                        if (manager instanceof YamlNode.Mapping fields) {
                            for (YamlNode.Entry field : fields.entries()) {
                                if (field.key().equals("api_version") && field.value() instanceof YamlNode.Scalar version
                                        && !version.text().equals("v2") && !version.isNull()) {
                                    throw new ConfigException("expected Alertmanager api version to be one of [v2] but got " + version.text());
                                }
                            }
                        }
                    }
                }
            }
        }
        for (String section : List.of("remote_write", "remote_read")) {
            if (other.get(section) instanceof YamlNode.Sequence sequence) {
                for (YamlNode item : sequence.items()) {
                    if (YamlFields.isNull(item)) {
                        throw new ConfigException("empty or null " + section.replace('_', ' ') + " config section");
                    }
                    if (section.equals("remote_write")) {
                        checkRelabelRules(child(item, "write_relabel_configs"), "empty or null relabeling rule in remote write config");
                    }
                }
            }
        }
        if (alerting != null) {
            checkRelabelRules(child(alerting, "alert_relabel_configs"), "empty or null alert relabeling rule");
            if (child(alerting, "alertmanagers") instanceof YamlNode.Sequence managers) {
                for (YamlNode manager : managers.items()) {
                    checkRelabelRules(child(manager, "relabel_configs"), "empty or null Alertmanager target relabeling rule");
                }
            }
        }
    }

    /** The value under {@code key} when {@code node} is a mapping that has it, else null. */
    private static YamlNode child(YamlNode node, String key) {
        if (node instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries()) {
                if (entry.key().equals(key)) {
                    return entry.value();
                }
            }
        }
        return null;
    }

    /** Relabel rules of sections kept unparsed still get validated, rule by rule. */
    private static void checkRelabelRules(YamlNode rules, String nullRuleMessage) {
        if (rules instanceof YamlNode.Sequence sequence) {
            for (YamlNode rule : sequence.items()) {
                if (YamlFields.isNull(rule)) {
                    throw new ConfigException(nullRuleMessage);
                }
                RelabelConfigReader.read(rule);
            }
        }
    }

    private static List<String> filePatterns(List<String> patterns, String what, Path baseDirectory) {
        List<String> resolved = new ArrayList<>();
        for (String pattern : patterns) {
            if (!FILE_PATTERN.matcher(pattern).matches()) {
                throw new ConfigException("invalid " + what + " path \"" + pattern + "\"");
            }
            resolved.add(baseDirectory == null ? pattern : baseDirectory.resolve(pattern).toString());
        }
        return resolved;
    }

    private static void checkUniqueJobs(List<ScrapeConfig> configs) {
        Set<String> names = new HashSet<>();
        for (ScrapeConfig config : configs) {
            if (!names.add(config.jobName())) {
                throw new ConfigException("found multiple scrape configs with job name \"" + config.jobName() + "\"");
            }
        }
    }

    private GlobalConfig locatedGlobal(YamlNode node) {
        try {
            return global(node);
        } catch (ConfigException e) {
            throw e.orAtLine(node.line());
        }
    }

    private GlobalConfig global(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "config.plain");
        Optional<Duration> interval = duration(fields, "scrape_interval");
        Optional<Duration> timeout = duration(fields, "scrape_timeout");
        Duration evaluation = duration(fields, "evaluation_interval").orElse(GlobalConfig.DEFAULT_EVALUATION_INTERVAL);
        Labels externalLabels = labels(fields.stringMapNode("external_labels"), true);
        ScrapeLimits limits = limits(fields);
        fields.duration("rule_query_offset");
        fields.string("query_log_file");
        fields.string("scrape_failure_log_file");
        List<String> protocols = fields.strings("scrape_protocols");
        checkProtocols(protocols, "");
        ScrapeOptions options = options(fields, ScrapeOptions.DEFAULT, true);
        fields.finish();
        Duration scrapeInterval = interval.filter(d -> !d.isZero()).orElse(GlobalConfig.DEFAULT_SCRAPE_INTERVAL);
        Duration scrapeTimeout = timeout.filter(d -> !d.isZero()).orElse(
                GlobalConfig.DEFAULT_SCRAPE_TIMEOUT.compareTo(scrapeInterval) > 0 ? scrapeInterval : GlobalConfig.DEFAULT_SCRAPE_TIMEOUT);
        if (scrapeTimeout.compareTo(scrapeInterval) > 0) {
            throw new ConfigException("global scrape timeout greater than scrape interval");
        }
        return new GlobalConfig(scrapeInterval, scrapeTimeout, evaluation, externalLabels, limits, options, protocols);
    }

    /**
     * Reads the inheritable scrape switches over {@code inherited}. Name validation falls back to
     * the inherited scheme; escaping falls back to the inherited one when set explicitly there,
     * else it follows validation ({@code underscores} for legacy names, {@code allow-utf-8} for UTF-8).
     */
    private static ScrapeOptions options(YamlFields fields, ScrapeOptions inherited, boolean isGlobal) {
        boolean nativeHistograms = fields.bool("scrape_native_histograms", inherited.scrapeNativeHistograms());
        boolean alwaysClassic = fields.bool("always_scrape_classic_histograms", inherited.alwaysScrapeClassicHistograms());
        boolean convert = fields.bool("convert_classic_histograms_to_nhcb", inherited.convertClassicHistogramsToNhcb());
        boolean extraMetrics = fields.bool("extra_scrape_metrics", inherited.extraScrapeMetrics());
        String validation = fields.string("metric_name_validation_scheme", "");
        String escaping = fields.string("metric_name_escaping_scheme", "");
        checkNaming(validation, escaping);
        String effectiveValidation = validation.isEmpty() ? inherited.metricNameValidationScheme() : validation;
        String effectiveEscaping = escaping;
        if (effectiveEscaping.isEmpty()) {
            boolean inheritedEscapingFollowsValidation = isGlobal || inherited.metricNameEscapingScheme()
                    .equals(defaultEscaping(inherited.metricNameValidationScheme()));
            effectiveEscaping = inheritedEscapingFollowsValidation || !validation.isEmpty()
                    ? defaultEscaping(effectiveValidation) : inherited.metricNameEscapingScheme();
        }
        checkNaming(effectiveValidation, effectiveEscaping);
        return new ScrapeOptions(nativeHistograms, alwaysClassic, convert, extraMetrics, effectiveValidation, effectiveEscaping);
    }

    private static String defaultEscaping(String validation) {
        return validation.equals(ScrapeOptions.LEGACY_VALIDATION) ? ScrapeOptions.UNDERSCORES_ESCAPING : ScrapeOptions.ALLOW_UTF8_ESCAPING;
    }

    private static void checkProtocols(List<String> protocols, String forJob) {
        Set<String> seen = new HashSet<>();
        for (String protocol : protocols) {
            checkProtocol(protocol, "scrape_protocols: ", forJob);
            if (!seen.add(protocol)) {
                throw new ConfigException("duplicated protocol in scrape_protocols, got [" + String.join(" ", protocols) + "]" + forJob);
            }
        }
    }

    private static void checkNaming(String validation, String escaping) {
        if (!validation.isEmpty() && !validation.equals("utf8") && !validation.equals("legacy")) {
            throw new ConfigException("unrecognized ValidationScheme: \"" + validation + "\"");
        }
        if (!escaping.isEmpty() && !List.of("allow-utf-8", "underscores", "dots", "values").contains(escaping)) {
            throw new ConfigException("unrecognized name escaping scheme: \"" + escaping + "\"");
        }
        if (validation.equals("legacy") && escaping.equals("allow-utf-8")) {
            throw new ConfigException("utf8 metric names requested but validation scheme is not set to UTF8");
        }
    }

    /** One scrape config; an error without a line of its own points at the job's first line. */
    private ScrapeConfig scrapeConfig(YamlNode node, GlobalConfig global, HttpClientConfigReader http, Path baseDirectory) {
        try {
            return readScrapeConfig(node, global, http, baseDirectory);
        } catch (ConfigException e) {
            throw e.orAtLine(node.line());
        }
    }

    private ScrapeConfig readScrapeConfig(YamlNode node, GlobalConfig global, HttpClientConfigReader http, Path baseDirectory) {
        YamlFields fields = YamlFields.of(node, "config.ScrapeConfig");
        String jobName = fields.string("job_name", "");
        Optional<Duration> interval = duration(fields, "scrape_interval");
        Optional<Duration> timeout = duration(fields, "scrape_timeout");
        String metricsPath = fields.string("metrics_path").filter(s -> !s.isEmpty()).orElse(ScrapeConfig.DEFAULT_METRICS_PATH);
        String scheme = fields.string("scheme").filter(s -> !s.isEmpty()).orElse(ScrapeConfig.DEFAULT_SCHEME);
        Map<String, List<String>> params = new LinkedHashMap<>();
        fields.take("params").ifPresent(paramsNode -> {
            YamlFields paramFields = YamlFields.of(paramsNode, "url.Values");
            for (String name : paramFields.keys()) {
                params.put(name, paramFields.strings(name));
            }
            paramFields.finish();
        });
        boolean honorLabels = fields.bool("honor_labels", false);
        boolean honorTimestamps = fields.bool("honor_timestamps", true);
        boolean trackStaleness = fields.bool("track_timestamps_staleness", false);
        boolean enableCompression = fields.bool("enable_compression", true);
        ScrapeLimits limits = limits(fields).orDefaults(global.limits());
        List<String> protocols = fields.strings("scrape_protocols");
        Optional<String> fallbackProtocol = fields.string("fallback_scrape_protocol");
        fields.bool("scrape_classic_histograms");
        ScrapeOptions options = options(fields, global.options(), false);
        fields.unsigned("native_histogram_bucket_limit");
        fields.number("native_histogram_min_bucket_factor");
        fields.string("scrape_failure_log_file");
        fields.unsigned("keep_dropped_targets");
        HttpClientConfig httpClient = http.read(fields);
        List<StaticConfig> staticConfigs = new ArrayList<>();
        Optional<YamlNode.Sequence> staticSection = fields.sequence("static_configs");
        List<RelabelConfig> relabel = relabelConfigs(fields, "relabel_configs", "target");
        List<RelabelConfig> metricRelabel = relabelConfigs(fields, "metric_relabel_configs", "metric");
        Map<String, YamlNode> discovery = new LinkedHashMap<>();
        for (String key : fields.keys()) {
            if (SERVICE_DISCOVERY.contains(key)) {
                fields.take(key).ifPresent(value -> discovery.put(key, value));
            }
        }
        fields.finish();
        // Discovery sections are validated first, as Prometheus decodes them before checking the job.
        List<DiscoveryConfig> discoveryConfigs = new ArrayList<>();
        Map<String, YamlNode> unsupportedDiscovery = new LinkedHashMap<>();
        discovery.forEach((name, section) -> {
            DiscoveryConfigReader reader = DISCOVERY_READERS.get(name);
            if (reader == null) {
                checkDiscovery(name, section, http);
                unsupportedDiscovery.put(name, section);
            } else {
                discoveryConfigs.addAll(discoveryConfigs(name, section, reader, baseDirectory, http));
            }
        });

        if (jobName.isEmpty()) {
            throw new ConfigException("job_name is empty");
        }
        String forJob = " for scrape config with job name \"" + jobName + "\"";
        checkProtocols(protocols, forJob);
        fallbackProtocol.ifPresent(protocol -> checkProtocol(protocol, "invalid fallback_scrape_protocol" + forJob + ": ", ""));
        if (protocols.isEmpty()) {
            protocols = !global.scrapeProtocols().isEmpty() ? global.scrapeProtocols()
                    : options.scrapeNativeHistograms() ? ScrapeProtocol.DEFAULTS_WITH_NATIVE_HISTOGRAMS : ScrapeProtocol.DEFAULTS;
        }
        Duration scrapeInterval = interval.filter(d -> !d.isZero()).orElse(global.scrapeInterval());
        Duration scrapeTimeout;
        if (timeout.isPresent() && !timeout.get().isZero()) {
            scrapeTimeout = timeout.get();
        } else {
            // An inherited global timeout never exceeds this job's own interval.
            scrapeTimeout = global.scrapeTimeout().compareTo(scrapeInterval) > 0 ? scrapeInterval : global.scrapeTimeout();
        }
        if (scrapeTimeout.compareTo(scrapeInterval) > 0) {
            throw new ConfigException("scrape timeout greater than scrape interval" + forJob);
        }
        int group = 0;
        for (YamlNode item : staticSection.map(YamlNode.Sequence::items).orElse(List.of())) {
            if (YamlFields.isNull(item)) {
                throw new ConfigException("empty or null section in static_configs");
            }
            try {
                staticConfigs.add(staticConfig(item, group++));
            } catch (ConfigException e) {
                throw e.orAtLine(item.line());
            }
        }
        return new ScrapeConfig(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params, honorLabels,
                honorTimestamps, trackStaleness, enableCompression, protocols, fallbackProtocol, options, limits, httpClient, staticConfigs,
                discoveryConfigs, relabel, metricRelabel, unsupportedDiscovery);
    }

    /**
     * Service discovery is not implemented yet, so its sections stay unparsed; still, the HTTP
     * client settings they share with scrape configs get the same checks, the URL-based
     * mechanisms get their URL checked, and the others get Prometheus's required-field and
     * allowed-value checks ({@link UnsupportedDiscoveryChecks}), so mistakes surface at load time.
     */
    private static void checkDiscovery(String name, YamlNode section, HttpClientConfigReader http) {
        if (!(section instanceof YamlNode.Sequence items)) {
            throw YamlFields.unmarshalError(section.line(), "cannot unmarshal " + YamlFields.tagOf(section) + " into []" + name);
        }
        for (YamlNode item : items.items()) {
            if (!(item instanceof YamlNode.Mapping)) {
                continue;
            }
            YamlFields fields = YamlFields.of(item, "discovery.Config");
            http.read(fields);
            UnsupportedDiscoveryChecks.check(name, fields);
            if (name.equals("http_sd_configs") || name.equals("puppetdb_sd_configs")) {
                checkDiscoveryUrl(fields.string("url", ""));
            }
            if (name.equals("puppetdb_sd_configs") && fields.string("query", "").isEmpty()) {
                throw new ConfigException("query missing");
            }
        }
    }

    /** Every entry of one implemented discovery section, parsed by its reader. */
    private static List<DiscoveryConfig> discoveryConfigs(String name, YamlNode section, DiscoveryConfigReader reader,
            Path baseDirectory, HttpClientConfigReader http) {
        if (!(section instanceof YamlNode.Sequence items)) {
            throw YamlFields.unmarshalError(section.line(), "cannot unmarshal " + YamlFields.tagOf(section) + " into []" + name);
        }
        List<DiscoveryConfig> configs = new ArrayList<>();
        for (YamlNode item : items.items()) {
            if (YamlFields.isNull(item)) {
                throw new ConfigException("empty or null section in " + name);
            }
            try {
                configs.add(reader.read(YamlFields.of(item, DISCOVERY_TYPE_NAMES.getOrDefault(name, "discovery.Config")), baseDirectory, http));
            } catch (ConfigException e) {
                throw e.orAtLine(item.line());
            }
        }
        return configs;
    }

    private static FileSdConfig fileSdConfig(YamlFields fields, Path baseDirectory, HttpClientConfigReader http) {
        List<String> files = fields.strings("files");
        Duration refresh = duration(fields, "refresh_interval").orElse(FileSdConfig.DEFAULT_REFRESH_INTERVAL);
        fields.finish();
        if (files.isEmpty()) {
            throw new ConfigException("file service discovery config must contain at least one path name");
        }
        List<String> resolved = new ArrayList<>();
        for (String file : files) {
            if (!FILE_SD_NAME.matcher(file).matches()) {
                throw new ConfigException("path name \"" + file + "\" is not valid for file discovery");
            }
            resolved.add(baseDirectory == null ? file : baseDirectory.resolve(file).toString());
        }
        return new FileSdConfig(resolved, refresh);
    }

    private static void checkDiscoveryUrl(String url) {
        if (url.isEmpty()) {
            throw new ConfigException("URL is missing");
        }
        int colon = url.indexOf(':');
        String scheme = colon > 0 ? url.substring(0, colon) : "";
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException("URL scheme must be 'http' or 'https'");
        }
        String host;
        try {
            host = java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        if (host == null || host.isEmpty()) {
            throw new ConfigException("host is missing in URL");
        }
    }

    private static void checkProtocol(String protocol, String prefix, String suffix) {
        if (!ScrapeProtocol.SUPPORTED.contains(protocol)) {
            throw new ConfigException(prefix + "unknown scrape protocol " + protocol + ", supported: "
                    + ScrapeProtocol.supportedList() + suffix);
        }
    }

    /**
     * A {@code file_sd_configs} target file: a list of target groups, JSON when {@code json},
     * YAML otherwise. Addresses are not checked here: as in Prometheus, a bad one fails only its
     * own target later.
     */
    public List<StaticConfig> parseTargetGroups(String text, boolean json) {
        requireNonNull(text, "text is null");
        YamlNode root = json ? YamlTree.parseJson(text) : YamlTree.parse(text);
        if (YamlFields.isNull(root)) {
            return List.of();
        }
        if (!(root instanceof YamlNode.Sequence items)) {
            throw YamlFields.unmarshalError(root.line(), "cannot unmarshal " + YamlFields.tagOf(root) + " into []*targetgroup.Group");
        }
        List<StaticConfig> groups = new ArrayList<>();
        for (YamlNode item : items.items()) {
            if (YamlFields.isNull(item)) {
                continue;
            }
            try {
                groups.add(targetGroup(item));
            } catch (ConfigException e) {
                throw e.orAtLine(item.line());
            }
        }
        return groups;
    }

    private StaticConfig targetGroup(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "targetgroup.Group");
        List<String> targets = fields.strings("targets");
        Labels labels = labels(fields.stringMapNode("labels"), false);
        fields.finish();
        return new StaticConfig(targets, labels);
    }

    private StaticConfig staticConfig(YamlNode node, int group) {
        YamlFields fields = YamlFields.of(node, "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }");
        List<String> targets = fields.strings("targets");
        Labels labels = labels(fields.stringMapNode("labels"), false);
        fields.finish();
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            if (target.contains("/")) {
                throw new ConfigException("instance " + i + " in group " + group + ": \"" + target + "\" is not a valid hostname");
            }
            if (target.isEmpty()) {
                throw new ConfigException("instance " + i + " in group " + group + ": target address is empty");
            }
        }
        return new StaticConfig(targets, labels);
    }

    /** Label pairs, validated like Prometheus; {@code expand} replaces {@code ${VAR}} from the environment. */
    private Labels labels(List<Map.Entry<String, String>> pairs, boolean expand) {
        Labels.Builder builder = Labels.builder();
        for (Map.Entry<String, String> pair : pairs) {
            if (!LabelNames.isValidName(pair.getKey())) {
                throw new ConfigException(YamlTree.quote(pair.getKey()) + " is not a valid label name");
            }
            if (!LabelNames.isValidName(pair.getValue()) && !pair.getValue().isEmpty()) {
                throw new ConfigException(YamlTree.quote(pair.getValue()) + " is not a valid label value");
            }
            builder.set(pair.getKey(), expand ? expandEnvironment(pair.getValue()) : pair.getValue());
        }
        return builder.build();
    }

    /** Go's os.Expand as Prometheus uses it: {@code ${VAR}} and {@code $VAR}; {@code $$} is a literal {@code $}. */
    String expandEnvironment(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    i += 2;
                    continue;
                }
                out.append(lookup(text.substring(i + 2, close)));
                i = close + 1;
            } else if (Character.isLetterOrDigit(next) || next == '_') {
                int end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                out.append(lookup(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String lookup(String name) {
        String value = environment.apply(name);
        return value == null ? "" : value;
    }

    private List<RelabelConfig> relabelConfigs(YamlFields fields, String key, String kind) {
        List<RelabelConfig> configs = new ArrayList<>();
        for (YamlNode node : fields.sequence(key).map(YamlNode.Sequence::items).orElse(List.of())) {
            if (YamlFields.isNull(node)) {
                throw new ConfigException("empty or null " + kind + " relabeling rule");
            }
            try {
                configs.add(RelabelConfigReader.read(node));
            } catch (ConfigException e) {
                throw e.orAtLine(node.line());
            }
        }
        return configs;
    }

    private static ScrapeLimits limits(YamlFields fields) {
        return new ScrapeLimits(
                fields.unsigned("sample_limit").orElse(0L),
                fields.unsigned("target_limit").orElse(0L),
                fields.unsigned("label_limit").orElse(0L),
                fields.unsigned("label_name_length_limit").orElse(0L),
                fields.unsigned("label_value_length_limit").orElse(0L),
                fields.string("body_size_limit").map(ConfigLoader::byteSize).orElse(0L));
    }

    /** Base-2 sizes as Prometheus writes them: {@code 15MB} is 15 MiB; a unit is required. */
    static long byteSize(String text) {
        java.util.regex.Matcher matcher = BYTE_SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new ConfigException("units: invalid size " + text);
        }
        long multiplier = switch (matcher.group(2)) {
            case "B" -> 1L;
            case "KB", "KiB" -> 1L << 10;
            case "MB", "MiB" -> 1L << 20;
            case "GB", "GiB" -> 1L << 30;
            case "TB", "TiB" -> 1L << 40;
            case "PB", "PiB" -> 1L << 50;
            case "EB", "EiB" -> 1L << 60;
            default -> throw new ConfigException("units: unknown unit " + matcher.group(2) + " in " + text);
        };
        try {
            return Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ConfigException("units: size out of range: " + text);
        }
    }

    private static Optional<Duration> duration(YamlFields fields, String key) {
        return fields.duration(key);
    }
}
