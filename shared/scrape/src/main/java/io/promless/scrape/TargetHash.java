package io.promless.scrape;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit hash of a scrape target (its job, URL and final labels), the same in every
 * process and release. It decides the target's shard and its scrape offset within its interval,
 * as Prometheus spreads targets over the interval by a hash of the target.
 */
public record TargetHash(long value) {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    public static TargetHash of(ScrapeTarget target) {
        requireNonNull(target, "target is null");
        long h = FNV_OFFSET;
        for (byte b : (target.jobName() + "\u0000" + target.url() + "\u0000").getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h ^= target.labels().hash();
        return new TargetHash(finish(h));
    }

    /** The shard in {@code [0, shards)} owning the target. */
    public int shard(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        return (int) Long.remainderUnsigned(value, shards);
    }

    /**
     * Where in its interval the target is scraped, in {@code [0, interval)} milliseconds. An
     * interval shorter than the trigger period gets any millisecond offset, so rounds inside one
     * invocation spread the targets; a longer one gets a whole number of trigger periods, so its
     * scrape falls at the start of some invocation (a 5-minute job spreads over five triggers)
     * and no invocation waits just for it.
     */
    public long offsetMillis(long intervalMillis, long triggerPeriodMillis) {
        if (intervalMillis <= 0 || triggerPeriodMillis <= 0) {
            throw new IllegalArgumentException("interval and trigger period must be positive, got "
                    + intervalMillis + " and " + triggerPeriodMillis);
        }
        // A second mix so that the offset is independent of the shard (which uses the low bits).
        long spread = finish(value ^ 0x9e3779b97f4a7c15L);
        if (intervalMillis < triggerPeriodMillis) {
            return Long.remainderUnsigned(spread, intervalMillis);
        }
        return Long.remainderUnsigned(spread, intervalMillis / triggerPeriodMillis) * triggerPeriodMillis;
    }

    /** The splitmix64 finalizer: every input bit affects every output bit. */
    private static long finish(long h) {
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
