package io.promless.local;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.compact.CompactionRun;
import io.promless.blocks.compact.CompactionService;
import io.promless.blocks.compact.CompactionSettings;
import io.promless.blocks.query.BlockQueryable;
import io.promless.blocks.query.MergedQueryable;
import io.promless.ports.ObjectStore;
import io.promless.ports.Scheduler;
import io.promless.storage.Queryable;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local mode's long-term storage: blocks under {@code <data>/objects/blocks/}, written by the
 * same {@link CompactionService} the AWS compaction function runs, on a local timer, and read
 * together with the head by every query.
 */
final class LocalCompaction {
    /** As often as the AWS schedule (template.yaml: rate(15 minutes)). */
    static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final Logger LOG = Logger.getLogger(LocalCompaction.class.getName());

    private LocalCompaction() {}

    /**
     * Defaults with {@code --storage.tsdb.retention.time} as block retention. The head keeps its
     * windows for the default head retention (a day and the late-sample horizon), or for the
     * retention when that is shorter, but never less than the late-sample horizon.
     */
    static CompactionSettings settings(Duration retention) {
        requireNonNull(retention, "retention is null");
        CompactionSettings defaults = CompactionSettings.defaults().withRetention(retention);
        Duration head = retention.compareTo(defaults.headRetention()) < 0 ? retention : defaults.headRetention();
        if (head.compareTo(defaults.lateSampleHorizon()) < 0) {
            head = defaults.lateSampleHorizon();
        }
        return defaults.withHeadRetention(head);
    }

    static CompactionService service(Queryable head, ObjectStore objects, CompactionSettings settings) {
        return new CompactionService(head, objects, new BlockWriter(BlockOptions.defaults()), settings);
    }

    /** Blocks first, then the head; a sample in both is read once. */
    static Queryable storage(ObjectStore objects, Queryable head) {
        return MergedQueryable.of(new BlockQueryable(new BlockIndex(objects), new BlockStore(objects)), head);
    }

    /**
     * Runs compaction every {@link #INTERVAL} on {@code scheduler}, whose single thread must not run
     * another writer of the block index. A failed run is logged and retried on the next tick (an
     * exception must not escape: the timer would stop scheduling the task).
     */
    static void schedule(Scheduler scheduler, CompactionService service) {
        scheduler.every(INTERVAL, now -> {
            try {
                CompactionRun run = service.run(now);
                if (!run.succeeded()) {
                    LOG.warning(() -> "compaction had " + run.failures().size() + " failed steps: " + run.failures());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "compaction failed; retrying on the next tick", e);
            }
        });
    }
}
