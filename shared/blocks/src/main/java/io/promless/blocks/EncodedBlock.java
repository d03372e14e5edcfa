package io.promless.blocks;

import static java.util.Objects.requireNonNull;

/** A block ready to upload: its Parquet file and its meta. The array is not copied. */
public record EncodedBlock(BlockMeta meta, byte[] data) {
    public EncodedBlock {
        requireNonNull(meta, "meta is null");
        requireNonNull(data, "data is null");
    }
}
