package io.promless.blocks;

/**
 * Block ids are deterministic: the same window and level always give the same id, so a rerun
 * of compaction overwrites its own earlier attempt instead of adding a second block.
 */
public final class BlockId {
    private BlockId() {}

    /** {@code <level>-<minTime>-<maxTime>}, times zero-padded so ids sort by time within a level. */
    public static String forWindow(int level, long minTime, long maxTime) {
        return String.format("L%d-%013d-%013d", level, minTime, maxTime);
    }

    static void validate(String id) {
        if (id.isEmpty() || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("block id must be letters, digits, '-', '_' or '.': \"" + id + "\"");
        }
    }
}
