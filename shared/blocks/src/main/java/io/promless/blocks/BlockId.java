package io.promless.blocks;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Block ids are deterministic: the same window and level always give the same id, so a rerun
 * of compaction overwrites its own earlier attempt instead of adding a second block.
 */
public final class BlockId {
    private static final Pattern PATTERN = Pattern.compile("L\\d+-(-?\\d+)-(-?\\d+)(?:\\.[0-9a-f]+)?");

    private BlockId() {}

    /** {@code <level>-<minTime>-<maxTime>}, times zero-padded so ids sort by time within a level. */
    public static String forWindow(int level, long minTime, long maxTime) {
        return String.format("L%d-%013d-%013d", level, minTime, maxTime);
    }

    /**
     * The id of a block holding samples that reached the head after the window's first block was
     * written: the window's id plus a digest of those samples, so a rerun that finds the same late
     * samples writes the same block again.
     */
    public static String forLateSamples(int level, long minTime, long maxTime, String digest) {
        if (digest.isEmpty() || !digest.chars().allMatch(c -> Character.digit(c, 16) >= 0 && !Character.isUpperCase(c))) {
            throw new IllegalArgumentException("digest must be lower-case hex: \"" + digest + "\"");
        }
        return forWindow(level, minTime, maxTime) + "." + digest;
    }

    /** The [minTime, maxTime) an id made by {@link #forWindow} or {@link #forLateSamples} names; empty for other ids. */
    public static Optional<long[]> window(String id) {
        Matcher matcher = PATTERN.matcher(id);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))});
    }

    static void validate(String id) {
        if (id.isEmpty() || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("block id must be letters, digits, '-', '_' or '.': \"" + id + "\"");
        }
    }
}
