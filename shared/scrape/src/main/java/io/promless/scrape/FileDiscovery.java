package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.ConfigException;
import io.promless.config.ConfigLoader;
import io.promless.config.FileSdConfig;
import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Target groups from one {@code file_sd_configs} entry, as Prometheus's file discovery yields
 * them: every file the names and globs match is read (JSON when it ends in {@code .json}, YAML
 * otherwise), each group gets {@code __meta_filepath}, files are re-read once per
 * {@code refresh_interval}, a file that vanishes takes its targets with it, and a file that
 * fails to read or parse keeps its last good groups (the failure is logged with the file name
 * and line, and counted). Files come from a {@link TargetFileSource}: the local file system by
 * default, or the bucket holding the config. Time is an argument. Thread-safe.
 */
public final class FileDiscovery implements TargetDiscovery {
    static final String FILEPATH_LABEL = "__meta_filepath";
    private static final System.Logger LOG = System.getLogger(FileDiscovery.class.getName());

    private final FileSdConfig config;
    private final ConfigLoader loader;
    private final TargetFileSource files;
    private final LongAdder readFailures = new LongAdder();
    private Map<String, List<StaticConfig>> groupsByFile = Map.of();
    private long nextRefreshMillis = Long.MIN_VALUE;
    private String lastError = "";

    /** Discovery over local files. */
    public FileDiscovery(FileSdConfig config, ConfigLoader loader) {
        this(config, loader, LocalTargetFiles.INSTANCE);
    }

    public FileDiscovery(FileSdConfig config, ConfigLoader loader, TargetFileSource files) {
        this.config = requireNonNull(config, "config is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.files = requireNonNull(files, "files is null");
    }

    /** A factory for {@code file_sd_configs} entries whose files come from {@code files}. */
    public static DiscoveryFactory factory(TargetFileSource files) {
        requireNonNull(files, "files is null");
        ConfigLoader loader = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);
        return (job, config) -> config instanceof FileSdConfig fileSd
                ? Optional.of(new FileDiscovery(fileSd, loader, files))
                : Optional.empty();
    }

    /** The current groups, refreshed first when {@code nowMillis} has reached the next refresh. */
    @Override
    public synchronized List<StaticConfig> groups(long nowMillis) {
        if (nowMillis >= nextRefreshMillis) {
            refresh();
            nextRefreshMillis = nowMillis + Math.max(1, config.refreshInterval().toMillis());
        }
        List<StaticConfig> all = new ArrayList<>();
        groupsByFile.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** Files that could not be read or parsed, summed over refreshes. */
    @Override
    public long failures() {
        return readFailures.sum();
    }

    /** The latest file that failed, as {@code name:line: message}; empty when the latest refresh read every file. */
    public synchronized String lastError() {
        return lastError;
    }

    @Override
    public String sectionName() {
        return FileSdConfig.SECTION;
    }

    private void refresh() {
        lastError = "";
        Map<String, List<StaticConfig>> next = new LinkedHashMap<>();
        for (String file : matchingFiles()) {
            try {
                files.read(file).ifPresent(text -> next.put(file, parse(file, text)));
                // Absent: gone between listing and reading, its targets go with it.
            } catch (IOException | RuntimeException e) {
                readFailures.increment();
                List<StaticConfig> lastGood = groupsByFile.get(file);
                lastError = describe(file, e);
                LOG.log(System.Logger.Level.ERROR, "file_sd: " + lastError + "; keeping its "
                        + (lastGood == null ? "(no)" : lastGood.size()) + " previous target groups");
                if (lastGood != null) {
                    next.put(file, lastGood);
                }
            }
        }
        groupsByFile = next;
    }

    /** {@code file:line: message} for a parse error with a line, {@code reading file failed: ...} otherwise. */
    private static String describe(String file, Exception e) {
        if (e instanceof ConfigException config) {
            return config.withSource(file).getMessage();
        }
        return "reading " + file + " failed: " + e.getMessage();
    }

    private List<StaticConfig> parse(String file, String text) {
        boolean json = file.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        List<StaticConfig> groups = new ArrayList<>();
        for (StaticConfig group : loader.parseTargetGroups(text, json)) {
            Labels labels = group.labels().toBuilder().set(FILEPATH_LABEL, file).build();
            groups.add(new StaticConfig(group.targets(), labels));
        }
        return groups;
    }

    /** Files named or matched by a glob in their last path element, each once, in name order per entry. */
    private List<String> matchingFiles() {
        List<String> matched = new ArrayList<>();
        for (String pattern : config.files()) {
            try {
                files.list(pattern).stream().filter(name -> !matched.contains(name)).forEach(matched::add);
            } catch (IOException | RuntimeException e) {
                readFailures.increment();
                LOG.log(System.Logger.Level.WARNING, "file_sd: listing " + pattern + " failed: " + e.getMessage());
                // Keep what this pattern matched before rather than dropping its targets.
                groupsByFile.keySet().stream().filter(name -> !matched.contains(name)).forEach(matched::add);
            }
        }
        return matched;
    }
}
