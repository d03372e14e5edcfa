package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.ports.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Target files in an object store, next to the configuration: a name under the local base
 * directory the config was resolved against (e.g. {@code ./targets/*.json}) maps to the same
 * relative key under the config's own prefix ({@code conf/targets/*.json} for
 * {@code conf/prometheus.yml}). Globs list the prefix of their directory. Names outside the base
 * directory (absolute paths elsewhere, {@code ../}), or whose key lies outside the readable
 * scope (the prefix the function may read), are not in the store and cost no request. Names
 * returned are keys.
 */
public final class ObjectStoreTargetFiles implements TargetFileSource {
    private final ObjectStore store;
    private final Path baseDirectory;
    private final String keyPrefix;
    private final String readableScope;

    /**
     * @param baseDirectory the directory the config loader resolved relative names against
     * @param configKey the key prometheus.yml was read from; its directory is where target files live
     * @param readableScope the key prefix target files may have (empty: any key)
     */
    public ObjectStoreTargetFiles(ObjectStore store, Path baseDirectory, String configKey, String readableScope) {
        this.store = requireNonNull(store, "store is null");
        this.readableScope = requireNonNull(readableScope, "readableScope is null");
        this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory is null").toAbsolutePath().normalize();
        requireNonNull(configKey, "configKey is null");
        int slash = configKey.lastIndexOf('/');
        this.keyPrefix = slash < 0 ? "" : configKey.substring(0, slash + 1);
    }

    @Override
    public List<String> list(String pattern) {
        Optional<String> key = key(pattern);
        if (key.isEmpty()) {
            return List.of();
        }
        int slash = key.get().lastIndexOf('/');
        String directory = key.get().substring(0, slash + 1);
        String last = key.get().substring(slash + 1);
        if (!last.contains("*")) {
            return key.get().startsWith(readableScope) && store.get(key.get()).isPresent() ? List.of(key.get()) : List.of();
        }
        // A glob's directory may be wider than the scope; its matches are checked one by one.
        if (!directory.startsWith(readableScope) && !readableScope.startsWith(directory)) {
            return List.of();
        }
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + last);
        List<String> matches = new ArrayList<>();
        for (String candidate : store.list(directory)) {
            String name = candidate.substring(directory.length());
            if (!name.isEmpty() && name.indexOf('/') < 0 && glob.matches(Path.of(name)) && candidate.startsWith(readableScope)) {
                matches.add(candidate);
            }
        }
        matches.sort(null);
        return List.copyOf(matches);
    }

    @Override
    public Optional<String> read(String name) {
        if (!name.startsWith(keyPrefix) || !name.startsWith(readableScope)) {
            return Optional.empty();
        }
        return store.get(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** The key a (resolved) file name maps to, if it lies under the base directory. */
    Optional<String> key(String name) {
        Path absolute = Path.of(name).toAbsolutePath().normalize();
        if (!absolute.startsWith(baseDirectory)) {
            return Optional.empty();
        }
        String relative = baseDirectory.relativize(absolute).toString().replace('\\', '/');
        return relative.isEmpty() ? Optional.empty() : Optional.of(keyPrefix + relative);
    }
}
