package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How blocks are laid out.
 *
 * @param dataColumnMillis time span of one chunk column ({@code s_data_<n>}): queries read only
 *     the columns their window overlaps
 * @param rowGroupRows series per row group; small groups let {@code __name__} statistics skip more
 * @param codec page compression
 */
public record BlockOptions(long dataColumnMillis, int rowGroupRows, CompressionCodecName codec) {
    public static final long DEFAULT_DATA_COLUMN_MILLIS = 60 * 60 * 1000L;
    public static final int DEFAULT_ROW_GROUP_ROWS = 1024;

    public BlockOptions {
        requireNonNull(codec, "codec is null");
        if (dataColumnMillis <= 0) {
            throw new IllegalArgumentException("dataColumnMillis must be positive: " + dataColumnMillis);
        }
        if (rowGroupRows <= 0) {
            throw new IllegalArgumentException("rowGroupRows must be positive: " + rowGroupRows);
        }
    }

    public static BlockOptions defaults() {
        return new BlockOptions(DEFAULT_DATA_COLUMN_MILLIS, DEFAULT_ROW_GROUP_ROWS, CompressionCodecName.ZSTD);
    }
}
