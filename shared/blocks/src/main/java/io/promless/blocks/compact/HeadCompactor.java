package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockId;
import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockSpec;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.EncodedBlock;
import io.promless.blocks.query.SeriesMerger;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Queryable;
import io.promless.storage.Series;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns one closed head window {@code [start, end)} into a level-1 block: read the window from
 * the head, write the Parquet file and meta, then record the block in the index.
 *
 * <p>Idempotent and crash-safe because block ids derive from the window (and, for late samples,
 * from the samples): a run that died before indexing is redone and overwrites its own partial
 * upload; queries read only indexed blocks and also the head, whose items outlive compaction
 * (TTL), so no step leaves a query wrong.
 *
 * <p>Late samples: when indexed blocks already cover the window, the head window is compared
 * with them and the samples they lack (arrived late or out of order) go into an extra block
 * {@link BlockId#forLateSamples}; with nothing missing the run writes nothing. Rerunning
 * compaction for recent windows therefore keeps late samples beyond the head's TTL. Runs must
 * not overlap (the schedule runs one compactor at a time). Thread-safe otherwise.
 */
public final class HeadCompactor {
    private static final List<LabelMatcher> EVERY_SERIES = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));

    private final Queryable head;
    private final BlockStore store;
    private final BlockIndex index;
    private final BlockWriter writer;
    private final LongAdder blocksWritten = new LongAdder();
    private final LongAdder samplesCompacted = new LongAdder();
    private final LongAdder lateSamples = new LongAdder();

    public HeadCompactor(Queryable head, BlockStore store, BlockIndex index, BlockWriter writer) {
        this.head = requireNonNull(head, "head is null");
        this.store = requireNonNull(store, "store is null");
        this.index = requireNonNull(index, "index is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    /** @param start inclusive, @param end exclusive; the window must be closed (no more writes expected) */
    public CompactionResult compact(long start, long end) {
        if (end <= start) {
            throw new IllegalArgumentException("window end " + end + " not after start " + start);
        }
        String windowId = BlockId.forWindow(1, start, end);
        List<BlockMeta> covering = index.blocks().stream().filter(meta -> meta.overlaps(start, end - 1)).toList();
        List<Series> series;
        try (Querier querier = head.querier(start, end - 1)) {
            series = querier.select(EVERY_SERIES);
        }
        String blockId = windowId;
        if (!covering.isEmpty()) {
            series = missingFrom(covering, series, start, end);
            if (series.isEmpty()) {
                return new CompactionResult(windowId, CompactionResult.Outcome.ALREADY_INDEXED, 0, 0, 0);
            }
            blockId = BlockId.forLateSamples(1, start, end, digest(series));
        }
        long samples = series.stream().mapToLong(Series::size).sum();
        if (samples == 0) {
            return new CompactionResult(windowId, CompactionResult.Outcome.EMPTY, 0, 0, 0);
        }
        EncodedBlock block = writer.write(new BlockSpec(blockId, start, end, 1, List.of("head:" + start + "-" + end)), series);
        store.upload(block);
        index.add(block.meta());
        blocksWritten.increment();
        samplesCompacted.add(samples);
        if (!covering.isEmpty()) {
            lateSamples.add(samples);
        }
        return new CompactionResult(blockId, CompactionResult.Outcome.WRITTEN, block.meta().seriesCount(), samples,
                block.data().length);
    }

    public long blocksWritten() {
        return blocksWritten.sum();
    }

    public long samplesCompacted() {
        return samplesCompacted.sum();
    }

    /** Samples written into late-sample blocks (already counted in {@link #samplesCompacted()}). */
    public long lateSamples() {
        return lateSamples.sum();
    }

    /** The head samples whose timestamps the covering blocks do not have for that series. */
    private List<Series> missingFrom(List<BlockMeta> covering, List<Series> headSeries, long start, long end) {
        SeriesMerger merger = new SeriesMerger();
        for (BlockMeta meta : covering) {
            merger.add(store.open(meta.id()).select(EVERY_SERIES, start, end - 1));
        }
        Map<Labels, Series> inBlocks = new TreeMap<>();
        for (Series one : merger.merged()) {
            inBlocks.put(one.labels(), one);
        }
        List<Series> missing = new ArrayList<>();
        for (Series one : headSeries) {
            Series stored = inBlocks.get(one.labels());
            Series extra = stored == null ? one : subtract(one, stored.timestamps());
            if (extra.size() > 0) {
                missing.add(extra);
            }
        }
        return missing;
    }

    private static Series subtract(Series series, long[] present) {
        long[] timestamps = new long[series.size()];
        double[] values = new double[series.size()];
        int size = 0;
        for (int i = 0; i < series.size(); i++) {
            if (Arrays.binarySearch(present, series.timestamps()[i]) < 0) {
                timestamps[size] = series.timestamps()[i];
                values[size++] = series.values()[i];
            }
        }
        return new Series(series.labels(), Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
    }

    /** A digest of the late samples, so the same samples always give the same block id. */
    private static String digest(List<Series> series) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer sample = ByteBuffer.allocate(16);
            for (Series one : series) {
                sha.update(one.labels().toString().getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < one.size(); i++) {
                    sample.clear();
                    sample.putLong(one.timestamps()[i]).putLong(Double.doubleToRawLongBits(one.values()[i]));
                    sha.update(sample.array());
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
