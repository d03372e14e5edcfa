package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.parquet.RangedInputFile;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.ports.ObjectStore;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where blocks live in the object store: {@code blocks/<id>/data.parquet} and
 * {@code blocks/<id>/meta.json}, meta written last. Reading never fetches a whole Parquet
 * object: blocks are opened over ranged GETs ({@link RangedInputFile}). Thread-safe.
 */
public final class BlockStore {
    public static final String PREFIX = "blocks/";

    private final ObjectStore objects;
    private final LongAdder rangedGets = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();

    public BlockStore(ObjectStore objects) {
        this.objects = requireNonNull(objects, "objects is null");
    }

    public static String dataKey(String blockId) {
        return PREFIX + blockId + "/data.parquet";
    }

    public static String metaKey(String blockId) {
        return PREFIX + blockId + "/meta.json";
    }

    /** Writes the data, then the meta; a rerun overwrites both with the same content. */
    public void upload(EncodedBlock block) {
        requireNonNull(block, "block is null");
        objects.put(dataKey(block.meta().id()), block.data());
        objects.put(metaKey(block.meta().id()), block.meta().toJson());
    }

    /** The block's meta, empty when absent; @throws PromlessException when it exists but is not valid */
    public Optional<BlockMeta> meta(String blockId) {
        return objects.get(metaKey(blockId)).map(json -> {
            try {
                return BlockMeta.fromJson(json, "block " + blockId);
            } catch (IllegalArgumentException e) {
                throw new PromlessException(ErrorType.INTERNAL, e.getMessage(), e);
            }
        });
    }

    /**
     * Opens the block after one HEAD request for its size; see {@link #open(BlockMeta)}.
     *
     * @throws PromlessException naming the block when its data object is missing or not a block
     */
    public BlockReader open(String blockId) {
        OptionalLong size = objects.size(dataKey(blockId));
        if (size.isEmpty()) {
            throw missing(blockId);
        }
        return BlockReader.open(blockId, file(blockId, size.getAsLong()));
    }

    /**
     * Opens the block with the size its meta records, so the only request is one ranged GET of
     * the footer; column chunks are fetched by {@link BlockReader#select} as needed.
     *
     * @throws PromlessException naming the block when its data object is missing, truncated or not a block
     */
    public BlockReader open(BlockMeta meta) {
        requireNonNull(meta, "meta is null");
        if (meta.dataBytes() <= 0) {
            return open(meta.id());
        }
        return BlockReader.open(meta.id(), file(meta.id(), meta.dataBytes()));
    }

    /** Ranged GETs of block data made through this store, for cost accounting. */
    public long rangedGets() {
        return rangedGets.sum();
    }

    /** Bytes those ranged GETs returned. */
    public long bytesRead() {
        return bytesRead.sum();
    }

    private RangedInputFile file(String blockId, long length) {
        return new RangedInputFile(objects, dataKey(blockId), length, rangedGets, bytesRead);
    }

    private static PromlessException missing(String blockId) {
        return new PromlessException(ErrorType.INTERNAL,
                "block " + blockId + ": data object " + dataKey(blockId) + " is missing");
    }

    /** Deletes the meta first, so a half-deleted block is never mistaken for a complete one. */
    public void delete(String blockId) {
        objects.delete(metaKey(blockId));
        objects.delete(dataKey(blockId));
    }
}
