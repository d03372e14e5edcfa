package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.parquet.ByteArrayInputFile;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.ports.ObjectStore;
import java.util.Optional;

/**
 * Where blocks live in the object store: {@code blocks/<id>/data.parquet} and
 * {@code blocks/<id>/meta.json}, meta written last. Reading fetches the whole Parquet object
 * (the object store port has no ranged read yet). Thread-safe.
 */
public final class BlockStore {
    public static final String PREFIX = "blocks/";

    private final ObjectStore objects;

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

    /** @throws PromlessException naming the block when its data object is missing or not a block */
    public BlockReader open(String blockId) {
        byte[] data = objects.get(dataKey(blockId)).orElseThrow(() -> new PromlessException(ErrorType.INTERNAL,
                "block " + blockId + ": data object " + dataKey(blockId) + " is missing"));
        return BlockReader.open(blockId, new ByteArrayInputFile(data));
    }

    /** Deletes the meta first, so a half-deleted block is never mistaken for a complete one. */
    public void delete(String blockId) {
        objects.delete(metaKey(blockId));
        objects.delete(dataKey(blockId));
    }
}
