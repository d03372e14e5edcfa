package io.promless.blocks.query;

import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockReader;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One read over the blocks overlapping a fixed window; see {@link BlockQueryable}. A block that
 * fails is left out and named in {@link #warnings()}. Single-threaded.
 */
final class BlockQuerier implements Querier {
    private static final Logger LOG = Logger.getLogger(BlockQuerier.class.getName());

    private final List<BlockMeta> blocks;
    private final Function<BlockMeta, BlockReader> readers;
    private final Consumer<BlockMeta> onFailure;
    private final Executor executor;
    private final long minTime;
    private final long maxTime;
    private final Set<String> warnings = new LinkedHashSet<>();
    private boolean closed;

    BlockQuerier(List<BlockMeta> blocks, Function<BlockMeta, BlockReader> readers, Consumer<BlockMeta> onFailure,
            Executor executor, long minTime, long maxTime) {
        this.blocks = List.copyOf(blocks);
        this.readers = readers;
        this.onFailure = onFailure;
        this.executor = executor;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public List<Series> select(List<LabelMatcher> matchers) {
        Objects.requireNonNull(matchers, "matchers is null");
        if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
            throw new PromlessException(ErrorType.BAD_DATA, "vector selector must contain at least one non-empty matcher");
        }
        return read(matchers);
    }

    /** Series whose time range in a block overlaps the window; samples are not decoded. */
    @Override
    public List<Labels> series(List<LabelMatcher> matchers) {
        Objects.requireNonNull(matchers, "matchers is null");
        if (closed) {
            throw new IllegalStateException("querier is closed");
        }
        TreeSet<Labels> union = new TreeSet<>();
        for (BlockMeta block : blocks) {
            try {
                union.addAll(readers.apply(block).series(matchers, minTime, maxTime));
            } catch (PromlessException e) {
                failed(block, e);
            }
        }
        return List.copyOf(union);
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
        TreeSet<String> names = new TreeSet<>();
        for (Labels labels : series(matchers)) {
            names.addAll(labels.names());
        }
        return List.copyOf(names);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        Objects.requireNonNull(name, "name is null");
        TreeSet<String> values = new TreeSet<>();
        for (Labels labels : series(matchers)) {
            String value = labels.get(name);
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public void close() {
        closed = true;
    }

    private List<Series> read(List<LabelMatcher> matchers) {
        if (closed) {
            throw new IllegalStateException("querier is closed");
        }
        // Blocks are read concurrently on the executor (their ranged GETs overlap); results are
        // collected from the futures in index order, which decides duplicate timestamps.
        List<Future<List<Series>>> reads = new ArrayList<>(blocks.size());
        for (BlockMeta block : blocks) {
            FutureTask<List<Series>> read = new FutureTask<>(() -> readers.apply(block).select(matchers, minTime, maxTime));
            reads.add(read);
            if (blocks.size() == 1) {
                read.run();
            } else {
                executor.execute(read);
            }
        }
        SeriesMerger merger = new SeriesMerger();
        for (int i = 0; i < blocks.size(); i++) {
            try {
                merger.add(reads.get(i).get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof PromlessException promless)) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("reading block " + blocks.get(i).id() + " failed", e.getCause());
                }
                failed(blocks.get(i), promless);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reads.forEach(read -> read.cancel(true));
                throw new PromlessException(ErrorType.CANCELED, "query canceled while reading blocks", e);
            }
        }
        return merger.merged();
    }

    private void failed(BlockMeta block, PromlessException e) {
        onFailure.accept(block);
        if (warnings.add(e.getMessage() + "; its samples are missing from this result")) {
            LOG.log(Level.WARNING, "left an unreadable block out of a query: " + e.getMessage(), e);
        }
    }
}
