package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.config.ConfigLoader;
import io.promless.config.FileSdConfig;
import io.promless.config.StaticConfig;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Target groups from one {@code file_sd_configs} entry, as Prometheus's file discovery yields
 * them: every file the names and globs match is read (JSON when it ends in {@code .json}, YAML
 * otherwise), each group gets {@code __meta_filepath}, files are re-read once per
 * {@code refresh_interval}, a file that vanishes takes its targets with it, and a file that
 * fails to read or parse keeps its last good groups (the failure is logged and counted).
 * Time is an argument. Thread-safe.
 */
public final class FileDiscovery implements TargetDiscovery {
    static final String FILEPATH_LABEL = "__meta_filepath";
    private static final System.Logger LOG = System.getLogger(FileDiscovery.class.getName());

    private final FileSdConfig config;
    private final ConfigLoader loader;
    private final LongAdder readFailures = new LongAdder();
    private Map<Path, List<StaticConfig>> groupsByFile = Map.of();
    private long nextRefreshMillis = Long.MIN_VALUE;

    public FileDiscovery(FileSdConfig config, ConfigLoader loader) {
        this.config = requireNonNull(config, "config is null");
        this.loader = requireNonNull(loader, "loader is null");
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

    @Override
    public String sectionName() {
        return FileSdConfig.SECTION;
    }

    private void refresh() {
        Map<Path, List<StaticConfig>> next = new LinkedHashMap<>();
        for (Path file : matchingFiles()) {
            try {
                next.put(file, read(file));
            } catch (NoSuchFileException e) {
                // Gone between listing and reading: its targets go with it.
            } catch (IOException | RuntimeException e) {
                readFailures.increment();
                List<StaticConfig> lastGood = groupsByFile.get(file);
                LOG.log(System.Logger.Level.ERROR, "file_sd: reading " + file + " failed, keeping its "
                        + (lastGood == null ? "(no)" : lastGood.size()) + " previous target groups: " + e.getMessage());
                if (lastGood != null) {
                    next.put(file, lastGood);
                }
            }
        }
        groupsByFile = next;
    }

    private List<StaticConfig> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean json = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        List<StaticConfig> groups = new ArrayList<>();
        for (StaticConfig group : loader.parseTargetGroups(text, json)) {
            Labels labels = group.labels().toBuilder().set(FILEPATH_LABEL, file.toString()).build();
            groups.add(new StaticConfig(group.targets(), labels));
        }
        return groups;
    }

    /** Files named or matched by a glob in their last path element, each once, in name order per entry. */
    private List<Path> matchingFiles() {
        List<Path> files = new ArrayList<>();
        for (String name : config.files()) {
            Path pattern = Path.of(name);
            String last = pattern.getFileName().toString();
            if (!last.contains("*")) {
                if (Files.isRegularFile(pattern) && !files.contains(pattern)) {
                    files.add(pattern);
                }
                continue;
            }
            Path directory = pattern.getParent() == null ? Path.of(".") : pattern.getParent();
            TreeSet<Path> matches = new TreeSet<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, last)) {
                stream.forEach(path -> {
                    if (Files.isRegularFile(path)) {
                        matches.add(path);
                    }
                });
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "file_sd: listing " + directory + " failed: " + e.getMessage());
            }
            matches.stream().filter(path -> !files.contains(path)).forEach(files::add);
        }
        return files;
    }
}
