package io.promless.blocks.parquet;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression for Parquet in pure Java: Parquet's own factory needs the rest of Hadoop and
 * native libraries, which a Lambda function should not carry. Supports UNCOMPRESSED, SNAPPY,
 * ZSTD and LZ4_RAW. Thread-safe: every compressor it hands out is new.
 */
public final class AircompressorCodecFactory implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        return switch (codecName) {
            case UNCOMPRESSED -> new PassThrough();
            case SNAPPY -> new BlockCompressor(codecName, SnappyCompressor::new);
            case ZSTD -> new BlockCompressor(codecName, ZstdCompressor::new);
            case LZ4_RAW -> new BlockCompressor(codecName, Lz4Compressor::new);
            case GZIP, LZO, BROTLI, LZ4 -> throw new IllegalArgumentException("unsupported Parquet codec " + codecName);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        return switch (codecName) {
            case UNCOMPRESSED -> new PassThrough();
            case SNAPPY -> new BlockDecompressor(SnappyDecompressor::new);
            case ZSTD -> new BlockDecompressor(ZstdDecompressor::new);
            case LZ4_RAW -> new BlockDecompressor(Lz4Decompressor::new);
            case GZIP, LZO, BROTLI, LZ4 -> throw new IllegalArgumentException("unsupported Parquet codec " + codecName);
        };
    }

    @Override
    public void release() {
        // Nothing pooled.
    }

    private static final class PassThrough implements BytesInputCompressor, BytesInputDecompressor {
        @Override
        public BytesInput compress(BytesInput bytes) {
            return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
            return bytes;
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
            ByteBuffer slice = input.duplicate();
            slice.limit(slice.position() + compressedSize);
            output.put(slice);
        }

        @Override
        public void release() {
            // Nothing held.
        }
    }

    private static final class BlockCompressor implements BytesInputCompressor {
        private final CompressionCodecName codecName;
        private final Compressor compressor;

        BlockCompressor(CompressionCodecName codecName, Supplier<Compressor> compressor) {
            this.codecName = codecName;
            this.compressor = compressor.get();
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            byte[] input = bytes.toByteArray();
            byte[] output = new byte[compressor.maxCompressedLength(input.length)];
            int length = compressor.compress(input, 0, input.length, output, 0, output.length);
            return BytesInput.from(output, 0, length);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codecName;
        }

        @Override
        public void release() {
            // Nothing held.
        }
    }

    private static final class BlockDecompressor implements BytesInputDecompressor {
        private final Decompressor decompressor;

        BlockDecompressor(Supplier<Decompressor> decompressor) {
            this.decompressor = decompressor.get();
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] input = bytes.toByteArray();
            byte[] output = new byte[uncompressedSize];
            int length = decompressor.decompress(input, 0, input.length, output, 0, uncompressedSize);
            if (length != uncompressedSize) {
                throw new IOException("page decompressed to " + length + " bytes, expected " + uncompressedSize);
            }
            return BytesInput.from(output);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] compressed = new byte[compressedSize];
            input.duplicate().get(compressed);
            byte[] decompressed = decompress(BytesInput.from(compressed), uncompressedSize).toByteArray();
            output.put(decompressed);
        }

        @Override
        public void release() {
            // Nothing held.
        }
    }
}
