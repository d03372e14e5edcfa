package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The small JSON file beside each block's Parquet file ({@code meta.json}), shaped like
 * Prometheus's block meta.json: the time range {@code [minTime, maxTime)} in milliseconds, counts,
 * the label names present, the compaction level and the source blocks or windows it came from.
 */
public record BlockMeta(
        String id,
        long minTime,
        long maxTime,
        long seriesCount,
        long sampleCount,
        long chunkCount,
        long dataBytes,
        List<String> labelNames,
        int level,
        List<String> sources) {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public BlockMeta {
        requireNonNull(id, "id is null");
        labelNames = List.copyOf(requireNonNull(labelNames, "labelNames is null"));
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        BlockId.validate(id);
        if (maxTime <= minTime) {
            throw new IllegalArgumentException("block " + id + ": maxTime " + maxTime + " not after minTime " + minTime);
        }
        if (level < 1) {
            throw new IllegalArgumentException("block " + id + ": level must be at least 1: " + level);
        }
    }

    /** True when the block's range [minTime, maxTime) overlaps the inclusive window. */
    public boolean overlaps(long windowMin, long windowMax) {
        return minTime <= windowMax && maxTime > windowMin;
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toTree());
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize block meta " + id, e);
        }
    }

    ObjectNode toTree() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        root.put("ulid", id);
        root.put("minTime", minTime);
        root.put("maxTime", maxTime);
        ObjectNode stats = root.putObject("stats");
        stats.put("numSeries", seriesCount);
        stats.put("numSamples", sampleCount);
        stats.put("numChunks", chunkCount);
        stats.put("numBytes", dataBytes);
        ArrayNode names = root.putArray("labelNames");
        labelNames.forEach(names::add);
        ObjectNode compaction = root.putObject("compaction");
        compaction.put("level", level);
        ArrayNode sourceArray = compaction.putArray("sources");
        sources.forEach(sourceArray::add);
        return root;
    }

    /** @throws IllegalArgumentException naming {@code what} when the JSON is not a valid meta file */
    public static BlockMeta fromJson(byte[] json, String what) {
        try {
            return fromTree(JSON.readTree(json), what);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    static BlockMeta fromTree(JsonNode root, String what) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(what + ": block meta is not a JSON object");
        }
        int version = required(root, "version", what).asInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(what + ": unsupported block meta version " + version);
        }
        JsonNode stats = required(root, "stats", what);
        JsonNode compaction = required(root, "compaction", what);
        try {
            return new BlockMeta(
                    required(root, "ulid", what).asText(),
                    required(root, "minTime", what).asLong(),
                    required(root, "maxTime", what).asLong(),
                    required(stats, "numSeries", what).asLong(),
                    required(stats, "numSamples", what).asLong(),
                    required(stats, "numChunks", what).asLong(),
                    required(stats, "numBytes", what).asLong(),
                    strings(required(root, "labelNames", what)),
                    required(compaction, "level", what).asInt(),
                    strings(required(compaction, "sources", what)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(what + ": block meta lacks field " + field);
        }
        return value;
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(element -> result.add(element.asText()));
        return result;
    }
}
