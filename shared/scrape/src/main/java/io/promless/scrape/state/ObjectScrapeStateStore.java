package io.promless.scrape.state;

import static java.util.Objects.requireNonNull;

import io.promless.ports.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scrape state as objects of an {@link ObjectStore}: S3 in AWS (through the S3 adapter), files
 * under the data directory locally. Layout under the prefix (default {@code scrape-state/}):
 * {@code groups/<group>} one {@link HealthGroup}, {@code targets/<target id>} one
 * {@link TargetSeriesState}, {@code catalog} the {@link TargetCatalog}; every value deflated by
 * {@link StateCodec}. Objects rather than DynamoDB items because the values are kilobytes and a
 * PUT costs the same for 1 KiB and 1 MiB, while a DynamoDB write costs one unit per KiB (see
 * docs/dynamodb-layout.md for the measured figures).
 */
public final class ObjectScrapeStateStore implements ScrapeStateStore {
    public static final String DEFAULT_PREFIX = "scrape-state/";

    private final ObjectStore objects;
    private final String prefix;

    public ObjectScrapeStateStore(ObjectStore objects) {
        this(objects, DEFAULT_PREFIX);
    }

    /** @param prefix ends with '/' (or is empty) */
    public ObjectScrapeStateStore(ObjectStore objects, String prefix) {
        this.objects = requireNonNull(objects, "objects is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("state prefix must end with '/', got '" + prefix + "'");
        }
    }

    @Override
    public Optional<HealthGroup> loadGroup(String group) {
        return objects.get(groupKey(group)).map(StateCodec::decodeGroup);
    }

    @Override
    public void saveGroup(HealthGroup group) {
        objects.put(groupKey(group.group()), StateCodec.encodeGroup(group));
    }

    @Override
    public List<HealthGroup> loadAllGroups() {
        List<HealthGroup> groups = new ArrayList<>();
        for (String key : objects.list(prefix + "groups/")) {
            objects.get(key).map(StateCodec::decodeGroup).ifPresent(groups::add);
        }
        return List.copyOf(groups);
    }

    @Override
    public Optional<TargetSeriesState> loadTarget(String targetId) {
        return objects.get(targetKey(targetId)).map(StateCodec::decodeTarget);
    }

    @Override
    public void saveTarget(TargetSeriesState state) {
        objects.put(targetKey(state.targetId()), StateCodec.encodeTarget(state));
    }

    @Override
    public void deleteTarget(String targetId) {
        objects.delete(targetKey(targetId));
    }

    @Override
    public Optional<TargetCatalog> loadCatalog() {
        return objects.get(prefix + "catalog").map(StateCodec::decodeCatalog);
    }

    @Override
    public void saveCatalog(TargetCatalog catalog) {
        objects.put(prefix + "catalog", StateCodec.encodeCatalog(catalog));
    }

    private String groupKey(String group) {
        requireNonNull(group, "group is null");
        return prefix + "groups/" + group;
    }

    private String targetKey(String targetId) {
        requireNonNull(targetId, "targetId is null");
        if (!targetId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("target id must be 32 hex digits, got '" + targetId + "'");
        }
        return prefix + "targets/" + targetId;
    }
}
