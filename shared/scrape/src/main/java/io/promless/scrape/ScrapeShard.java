package io.promless.scrape;

/**
 * One of {@code count} scrape shards: the scrape function invocation for shard {@code index}
 * scrapes only the targets whose {@link TargetHash} falls into it. The hash depends only on the
 * target itself, so a target keeps its shard across config reloads and discovery changes, and
 * every container agrees on it.
 */
public record ScrapeShard(int index, int count) {
    /** A single shard owning every target (the default, and the local mode). */
    public static final ScrapeShard ALL = new ScrapeShard(0, 1);

    public ScrapeShard {
        if (count < 1) {
            throw new IllegalArgumentException("shard count must be at least 1, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be in [0, " + count + "), got " + index);
        }
    }

    /** Whether this shard scrapes the target. */
    public boolean owns(ScrapeTarget target) {
        return count == 1 || TargetHash.of(target).shard(count) == index;
    }
}
