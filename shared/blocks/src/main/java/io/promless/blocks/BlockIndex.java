package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.ports.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The list of blocks queries may read, one JSON object ({@code blocks/index.json}). A block is
 * added only after its data and meta are uploaded, so every indexed block is complete.
 * Updates are read-modify-write of one object: a single compactor at a time is assumed (the
 * scheduled compaction runs with concurrency one). Thread-safe for readers.
 */
public final class BlockIndex {
    public static final String KEY = BlockStore.PREFIX + "index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore objects;

    public BlockIndex(ObjectStore objects) {
        this.objects = requireNonNull(objects, "objects is null");
    }

    /** Indexed blocks sorted by minTime then id; empty when no index exists yet. */
    public List<BlockMeta> blocks() {
        Optional<byte[]> json = objects.get(KEY);
        if (json.isEmpty()) {
            return List.of();
        }
        try {
            JsonNode root = JSON.readTree(json.get());
            JsonNode blocks = root == null ? null : root.get("blocks");
            if (blocks == null || !blocks.isArray()) {
                throw new PromlessException(ErrorType.INTERNAL, "block index " + KEY + " has no blocks array");
            }
            List<BlockMeta> result = new ArrayList<>();
            for (JsonNode block : blocks) {
                result.add(BlockMeta.fromTree(block, "block index " + KEY));
            }
            result.sort(Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::id));
            return List.copyOf(result);
        } catch (IOException | IllegalArgumentException e) {
            throw new PromlessException(ErrorType.INTERNAL, "block index " + KEY + " is unreadable: " + e.getMessage(), e);
        }
    }

    public boolean contains(String blockId) {
        return blocks().stream().anyMatch(meta -> meta.id().equals(blockId));
    }

    /** Adds the block, replacing an entry with the same id. */
    public void add(BlockMeta meta) {
        requireNonNull(meta, "meta is null");
        replace(Set.of(), List.of(meta));
    }

    /** Removes blocks from the index; absent ids are not an error. */
    public void remove(Collection<String> blockIds) {
        replace(blockIds, List.of());
    }

    /**
     * Removes {@code removed} and adds {@code added} in one write of the index object, so readers
     * see either the old set or the new one (a merged block and its sources swap atomically).
     */
    public void replace(Collection<String> removed, List<BlockMeta> added) {
        requireNonNull(removed, "removed is null");
        requireNonNull(added, "added is null");
        Set<String> dropped = new HashSet<>(removed);
        added.forEach(meta -> dropped.add(meta.id()));
        List<BlockMeta> blocks = new ArrayList<>();
        for (BlockMeta existing : blocks()) {
            if (!dropped.contains(existing.id())) {
                blocks.add(existing);
            }
        }
        blocks.addAll(added);
        write(blocks);
    }

    private void write(List<BlockMeta> blocks) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode array = root.putArray("blocks");
        blocks.stream().sorted(Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::id))
                .forEach(meta -> array.add(meta.toTree()));
        try {
            objects.put(KEY, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the block index", e);
        }
    }
}
