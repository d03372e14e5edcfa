package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.ports.ObjectStore;
import io.promless.storage.Queryable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The scheduled compaction: one {@link #run(long)} per tick (an EventBridge schedule in AWS, a
 * timer in the local mode) does, for the time {@code now} it is given:
 *
 * <ol>
 *   <li><b>head windows</b>: every closed window ({@code now >= end + grace}) whose end is within
 *       the late-sample horizon goes through {@link HeadCompactor}: the first time it becomes a
 *       level-1 block, later runs add late samples as late-sample blocks (usually nothing). Older
 *       windows the head still holds, newer than the newest block and not in any block
 *       (compaction was down), are compacted too;
 *   <li><b>retention</b>: {@link BlockRetention} deletes blocks that ended more than the
 *       retention before {@code now} (before merging, so nothing about to expire is merged);
 *   <li><b>level compaction</b>: each larger window ({@link CompactionSettings#levelRanges()})
 *       whose end is past the late-sample horizon merges the lower-level blocks inside it
 *       ({@link LevelCompactor}: sources deleted only after the merged block is indexed);
 *   <li><b>orphans</b>: objects of source blocks that a crash left behind after their merge was
 *       indexed are deleted.
 * </ol>
 *
 * <p>Every step is idempotent (block ids derive from windows and samples; the index changes in
 * one write per step), so a run killed at any point is finished by the next. A step that fails
 * is logged and recorded in {@link CompactionRun#failures()}; the run goes on with the others, so
 * one unreadable block does not stop compaction of the rest. Runs must not overlap: one writer
 * of the block index (concurrency one in AWS, one timer thread locally).
 */
public final class CompactionService {
    private static final System.Logger LOG = System.getLogger(CompactionService.class.getName());

    private final ObjectStore objects;
    private final CompactionSettings settings;
    private final BlockStore store;
    private final BlockIndex index;
    private final HeadCompactor headCompactor;
    private final LevelCompactor levelCompactor;
    private final BlockRetention retention;
    private final LongAdder runs = new LongAdder();
    private final LongAdder stepsFailed = new LongAdder();

    /** @param head the head to compact (its items must outlive {@code settings.headRetention()}) */
    public CompactionService(Queryable head, ObjectStore objects, BlockWriter writer, CompactionSettings settings) {
        requireNonNull(head, "head is null");
        this.objects = requireNonNull(objects, "objects is null");
        requireNonNull(writer, "writer is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.store = new BlockStore(objects);
        this.index = new BlockIndex(objects);
        this.headCompactor = new HeadCompactor(head, store, index, writer);
        this.levelCompactor = new LevelCompactor(store, index, writer);
        this.retention = new BlockRetention(objects);
    }

    public CompactionSettings settings() {
        return settings;
    }

    /** One compaction pass for the time {@code now} (epoch ms). */
    public CompactionRun run(long now) {
        runs.increment();
        List<String> failures = new ArrayList<>();
        List<CompactionResult> headWindows = compactHeadWindows(now, failures);
        // Retention before merging, so that blocks about to expire are not merged first.
        List<String> expired = attempt("retention", failures, () -> retention.apply(now, settings.retention()), List.of());
        List<CompactionResult> merges = compactLevels(now, failures);
        List<String> orphans = attempt("delete orphaned sources", failures, this::deleteOrphanedSources, List.of());
        CompactionRun run = new CompactionRun(now, headWindows, merges, orphans, expired, failures);
        LOG.log(failures.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                () -> "compaction at " + now + ": " + run.blocksWritten() + " blocks written, " + run.samplesCompacted()
                        + " samples compacted, " + orphans.size() + " orphans and " + expired.size() + " expired blocks deleted, "
                        + failures.size() + " failures " + failures);
        return run;
    }

    /** The head windows a run at {@code now} visits, as [start, end) pairs, oldest first. */
    List<long[]> headWindowsDue(long now, List<BlockMeta> indexed) {
        long width = settings.window().toMillis();
        long lastEnd = Math.floorDiv(now - settings.grace().toMillis(), width) * width;
        long recheckAfter = now - settings.lateSampleHorizon().toMillis();
        long headHorizon = now - settings.headRetention().toMillis();
        // Windows older than the newest block are empty or were compacted: reading them again
        // every run would cost head reads for nothing.
        long newestBlockEnd = indexed.stream().mapToLong(BlockMeta::maxTime).max().orElse(Long.MIN_VALUE);
        List<long[]> due = new ArrayList<>();
        for (long windowEnd = Math.floorDiv(headHorizon, width) * width + width; windowEnd <= lastEnd; windowEnd += width) {
            long end = windowEnd;
            long start = end - width;
            boolean recent = end > recheckAfter;
            boolean missed = end > newestBlockEnd && indexed.stream().noneMatch(meta -> meta.overlaps(start, end - 1));
            if (recent || missed) {
                due.add(new long[] {start, end});
            }
        }
        return due;
    }

    private List<CompactionResult> compactHeadWindows(long now, List<String> failures) {
        List<BlockMeta> indexed = attempt("read the block index", failures, index::blocks, null);
        if (indexed == null) {
            return List.of();
        }
        List<CompactionResult> results = new ArrayList<>();
        for (long[] window : headWindowsDue(now, indexed)) {
            CompactionResult result = attempt("compact head window " + window[0] + "-" + window[1], failures,
                    () -> headCompactor.compact(window[0], window[1]), null);
            if (result != null) {
                results.add(result);
            }
        }
        return results;
    }

    private List<CompactionResult> compactLevels(long now, List<String> failures) {
        List<CompactionResult> results = new ArrayList<>();
        long settledBefore = now - settings.lateSampleHorizon().toMillis();
        long expiredBefore = now - settings.retention().toMillis();
        for (int rank = 0; rank < settings.levelRanges().size(); rank++) {
            int level = rank + 2;
            long width = settings.levelRanges().get(rank).toMillis();
            List<BlockMeta> indexed = attempt("read the block index", failures, index::blocks, null);
            if (indexed == null) {
                return results;
            }
            TreeSet<Long> starts = new TreeSet<>();
            for (BlockMeta meta : indexed) {
                long start = Math.floorDiv(meta.minTime(), width) * width;
                long end = start + width;
                if (meta.level() < level && meta.maxTime() <= end && end <= settledBefore && meta.maxTime() > expiredBefore) {
                    starts.add(start);
                }
            }
            for (long start : starts) {
                CompactionResult result = attempt("merge level " + level + " window " + start + "-" + (start + width),
                        failures, () -> levelCompactor.compact(start, start + width, level), null);
                if (result != null) {
                    results.add(result);
                }
            }
        }
        return results;
    }

    /** Source blocks of indexed merged blocks whose objects still exist: a crash hit between the swap and the deletes. */
    private List<String> deleteOrphanedSources() {
        List<BlockMeta> indexed = index.blocks();
        Set<String> indexedIds = new HashSet<>();
        indexed.forEach(meta -> indexedIds.add(meta.id()));
        Set<String> stored = new HashSet<>();
        for (String key : objects.list(BlockStore.PREFIX)) {
            String rest = key.substring(BlockStore.PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                stored.add(rest.substring(0, slash));
            }
        }
        TreeSet<String> orphans = new TreeSet<>();
        for (BlockMeta meta : indexed) {
            for (String source : meta.sources()) {
                if (stored.contains(source) && !indexedIds.contains(source)) {
                    orphans.add(source);
                }
            }
        }
        orphans.forEach(store::delete);
        return List.copyOf(orphans);
    }

    private <T> T attempt(String step, List<String> failures, Supplier<T> action, T onFailure) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            stepsFailed.increment();
            failures.add(step + ": " + e.getMessage());
            LOG.log(System.Logger.Level.WARNING, "compaction step failed: " + step, e);
            return onFailure;
        }
    }

    public long runs() {
        return runs.sum();
    }

    /** Steps that threw; the next run retries them. */
    public long stepsFailed() {
        return stepsFailed.sum();
    }

    public long blocksWritten() {
        return headCompactor.blocksWritten();
    }

    public long samplesCompacted() {
        return headCompactor.samplesCompacted();
    }

    public long lateSamples() {
        return headCompactor.lateSamples();
    }

    public long blocksMerged() {
        return levelCompactor.blocksMerged();
    }

    public long blocksDeleted() {
        return retention.blocksDeleted();
    }
}
