package io.promless.scrape.state;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * State that lives as long as the process: the default of an engine given no store, and what
 * tests share between two engines that stand for two containers. Thread-safe.
 */
public final class InMemoryScrapeStateStore implements ScrapeStateStore {
    private final Map<String, HealthGroup> groups = new ConcurrentSkipListMap<>();
    private final Map<String, TargetSeriesState> targets = new ConcurrentHashMap<>();
    private final AtomicReference<TargetCatalog> catalog = new AtomicReference<>();

    @Override
    public Optional<HealthGroup> loadGroup(String group) {
        return Optional.ofNullable(groups.get(requireNonNull(group, "group is null")));
    }

    @Override
    public void saveGroup(HealthGroup group) {
        groups.put(group.group(), group);
    }

    @Override
    public List<HealthGroup> loadAllGroups() {
        return List.copyOf(new ArrayList<>(groups.values()));
    }

    @Override
    public Optional<TargetSeriesState> loadTarget(String targetId) {
        return Optional.ofNullable(targets.get(requireNonNull(targetId, "targetId is null")));
    }

    @Override
    public void saveTarget(TargetSeriesState state) {
        targets.put(state.targetId(), state);
    }

    @Override
    public void deleteTarget(String targetId) {
        targets.remove(requireNonNull(targetId, "targetId is null"));
    }

    @Override
    public Optional<TargetCatalog> loadCatalog() {
        return Optional.ofNullable(catalog.get());
    }

    @Override
    public void saveCatalog(TargetCatalog newCatalog) {
        catalog.set(requireNonNull(newCatalog, "catalog is null"));
    }
}
