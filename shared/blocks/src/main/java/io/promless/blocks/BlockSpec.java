package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a block to write covers: its id, time range [minTime, maxTime), level and sources. */
public record BlockSpec(String id, long minTime, long maxTime, int level, List<String> sources) {
    public BlockSpec {
        requireNonNull(id, "id is null");
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        BlockId.validate(id);
        if (maxTime <= minTime) {
            throw new IllegalArgumentException("maxTime " + maxTime + " not after minTime " + minTime);
        }
        if (level < 1) {
            throw new IllegalArgumentException("level must be at least 1: " + level);
        }
    }
}
