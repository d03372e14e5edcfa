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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The list of blocks queries may read, one JSON object ({@code blocks/index.json}). A block is
 * added only after its data and meta are uploaded, so every indexed block is complete.
 * Updates are read-modify-write of one object: a single compactor at a time is assumed (the
 * scheduled compaction runs with concurrency one). Thread-safe for readers.
 */
public final class BlockIndex {
    public static final String KEY = BlockStore.PREFIX + "index.json";
    private static final int GENERATION_PREFIX_BYTES = 64;
    private static final Pattern GENERATION = Pattern.compile("^\\{\\s*\"version\"\\s*:\\s*\\d+\\s*,\\s*\"generation\"\\s*:\\s*(\\d+)\\s*[,}]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore objects;

    public BlockIndex(ObjectStore objects) {
        this.objects = requireNonNull(objects, "objects is null");
    }

    /** Indexed blocks sorted by minTime then id; empty when no index exists yet. */
    public List<BlockMeta> blocks() {
        return snapshot().blocks();
    }

    /**
     * The index as one read of its object: its generation (0 when no index exists yet or it was
     * written before generations) and its blocks sorted by minTime then id.
     */
    public Snapshot snapshot() {
        Optional<byte[]> json = objects.get(KEY);
        if (json.isEmpty()) {
            return new Snapshot(0, List.of());
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
            JsonNode generation = root.get("generation");
            return new Snapshot(generation == null ? 0 : generation.asLong(), List.copyOf(result));
        } catch (IOException | IllegalArgumentException e) {
            throw new PromlessException(ErrorType.INTERNAL, "block index " + KEY + " is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * The generation of the index object, read from its first bytes with one small ranged GET:
     * the cheap check a warm reader makes before re-reading the whole index. Every write
     * increments it. Empty when there is no index, or it has no generation (written by an older
     * version), so callers re-read the whole index.
     */
    public OptionalLong generation() {
        Optional<byte[]> head = objects.getRange(KEY, 0, GENERATION_PREFIX_BYTES);
        if (head.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher matcher = GENERATION.matcher(new String(head.get(), StandardCharsets.UTF_8));
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** One read of the index: its generation (0 when unknown) and its blocks. */
    public record Snapshot(long generation, List<BlockMeta> blocks) {
        public Snapshot {
            blocks = List.copyOf(requireNonNull(blocks, "blocks is null"));
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
        Snapshot current = snapshot();
        for (BlockMeta existing : current.blocks()) {
            if (!dropped.contains(existing.id())) {
                blocks.add(existing);
            }
        }
        blocks.addAll(added);
        write(current.generation() + 1, blocks);
    }

    private void write(long generation, List<BlockMeta> blocks) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        // Right after the version, so {@link #generation()} finds it in the object's first bytes.
        root.put("generation", generation);
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
