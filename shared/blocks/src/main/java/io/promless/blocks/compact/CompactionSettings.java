package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * When and how {@link CompactionService} compacts.
 *
 * @param window width of a head window and of a level-1 block (default 2 h, the head's bucket width)
 * @param grace a window is closed, and compacted for the first time, once {@code now >= end + grace}
 *     (default 1 h: like Prometheus, which compacts a head block about an hour after it ends)
 * @param lateSampleHorizon closed windows whose end is less than this before {@code now} are
 *     compacted again on every run, so samples that arrive late land in a late-sample block; level
 *     compaction waits until a larger window's end is this far in the past (default 2 h: each
 *     window is read from the head about five times at a 15 min schedule; longer costs more reads)
 * @param headRetention how long head items outlive their window's end (the head TTL); windows newer
 *     than the newest block are still compacted while the head holds them (catch-up after an outage)
 * @param levelRanges widths of the larger windows blocks merge into, ascending, each a multiple of
 *     the one before and of {@code window} (default 12 h then 48 h: levels 2 and 3)
 * @param retention blocks whose end is this far before {@code now} are deleted (default 15 d, as
 *     Prometheus's {@code --storage.tsdb.retention.time})
 */
public record CompactionSettings(Duration window, Duration grace, Duration lateSampleHorizon, Duration headRetention,
        List<Duration> levelRanges, Duration retention) {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(2);
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_LATE_SAMPLE_HORIZON = Duration.ofHours(2);
    /** The late-sample horizon plus a day in which a failing compaction can be repaired before data is lost. */
    public static final Duration DEFAULT_HEAD_RETENTION = DEFAULT_LATE_SAMPLE_HORIZON.plusDays(1);
    public static final List<Duration> DEFAULT_LEVEL_RANGES = List.of(Duration.ofHours(12), Duration.ofHours(48));
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);

    public CompactionSettings {
        requireNonNull(window, "window is null");
        requireNonNull(grace, "grace is null");
        requireNonNull(lateSampleHorizon, "lateSampleHorizon is null");
        requireNonNull(headRetention, "headRetention is null");
        levelRanges = List.copyOf(requireNonNull(levelRanges, "levelRanges is null"));
        requireNonNull(retention, "retention is null");
        requirePositive("window", window);
        if (window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window must be a whole number of seconds: " + window);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace is negative: " + grace);
        }
        if (lateSampleHorizon.compareTo(grace) < 0) {
            throw new IllegalArgumentException("lateSampleHorizon " + lateSampleHorizon + " is shorter than grace " + grace);
        }
        if (headRetention.compareTo(lateSampleHorizon) < 0) {
            throw new IllegalArgumentException("headRetention " + headRetention
                    + " is shorter than lateSampleHorizon " + lateSampleHorizon + ": late samples would expire uncompacted");
        }
        requirePositive("retention", retention);
        Duration previous = window;
        for (Duration range : levelRanges) {
            requireNonNull(range, "level range is null");
            if (range.compareTo(previous) <= 0 || range.toMillis() % previous.toMillis() != 0) {
                throw new IllegalArgumentException("level range " + range + " must be a larger multiple of " + previous);
            }
            previous = range;
        }
    }

    public static CompactionSettings defaults() {
        return new CompactionSettings(DEFAULT_WINDOW, DEFAULT_GRACE, DEFAULT_LATE_SAMPLE_HORIZON, DEFAULT_HEAD_RETENTION,
                DEFAULT_LEVEL_RANGES, DEFAULT_RETENTION);
    }

    public CompactionSettings withWindow(Duration newWindow) {
        return new CompactionSettings(newWindow, grace, lateSampleHorizon, headRetention, levelRanges, retention);
    }

    public CompactionSettings withGrace(Duration newGrace) {
        return new CompactionSettings(window, newGrace, lateSampleHorizon, headRetention, levelRanges, retention);
    }

    public CompactionSettings withLateSampleHorizon(Duration horizon) {
        return new CompactionSettings(window, grace, horizon, headRetention, levelRanges, retention);
    }

    public CompactionSettings withHeadRetention(Duration newHeadRetention) {
        return new CompactionSettings(window, grace, lateSampleHorizon, newHeadRetention, levelRanges, retention);
    }

    public CompactionSettings withLevelRanges(List<Duration> ranges) {
        return new CompactionSettings(window, grace, lateSampleHorizon, headRetention, ranges, retention);
    }

    public CompactionSettings withRetention(Duration newRetention) {
        return new CompactionSettings(window, grace, lateSampleHorizon, headRetention, levelRanges, newRetention);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
