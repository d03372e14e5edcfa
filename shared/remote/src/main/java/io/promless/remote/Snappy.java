package io.promless.remote;

import static java.util.Objects.requireNonNull;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.Arrays;

/**
 * The Snappy block format (not the framed one), as Prometheus compresses remote-write bodies.
 * Thread-safe: each call uses its own compressor.
 */
public final class Snappy {
    private Snappy() {}

    public static byte[] compress(byte[] data) {
        requireNonNull(data, "data is null");
        SnappyCompressor compressor = new SnappyCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(data.length)];
        int length = compressor.compress(data, 0, data.length, out, 0, out.length);
        return Arrays.copyOf(out, length);
    }

    /**
     * Decompresses a block, refusing ones that claim to expand beyond {@code maxLength} bytes
     * (a small body must not make the receiver allocate gigabytes).
     *
     * @throws IllegalArgumentException when the block is malformed or too large
     */
    public static byte[] decompress(byte[] compressed, int maxLength) {
        requireNonNull(compressed, "compressed is null");
        int length;
        try {
            length = SnappyDecompressor.getUncompressedLength(compressed, 0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad snappy length header: " + e.getMessage(), e);
        }
        if (length < 0 || length > maxLength) {
            throw new IllegalArgumentException(
                    "snappy block expands to " + Integer.toUnsignedString(length) + " bytes, limit " + maxLength);
        }
        byte[] out = new byte[length];
        int written;
        try {
            written = new SnappyDecompressor().decompress(compressed, 0, compressed.length, out, 0, out.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad snappy block: " + e.getMessage(), e);
        }
        if (written != length) {
            throw new IllegalArgumentException(
                    "snappy block decoded to " + written + " bytes, header said " + length);
        }
        return out;
    }
}
