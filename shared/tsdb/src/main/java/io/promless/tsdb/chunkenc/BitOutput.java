package io.promless.tsdb.chunkenc;

import java.util.Arrays;

/** Appends bit fields most significant bit first; the last byte is padded with zeros. Not thread-safe. */
final class BitOutput {
    private byte[] buffer = new byte[32];
    private long bitCount;

    void writeBit(boolean bit) {
        writeBits(bit ? 1 : 0, 1);
    }

    /** Writes the low {@code width} bits of {@code value} (width 0..64). */
    void writeBits(long value, int width) {
        int remaining = width;
        while (remaining > 0) {
            int byteIndex = (int) (bitCount >>> 3);
            if (byteIndex >= buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int freeInByte = 8 - (int) (bitCount & 7);
            int take = Math.min(freeInByte, remaining);
            int chunk = (int) ((value >>> (remaining - take)) & ((1 << take) - 1));
            buffer[byteIndex] |= (byte) (chunk << (freeInByte - take));
            remaining -= take;
            bitCount += take;
        }
    }

    long bitCount() {
        return bitCount;
    }

    void copyTo(ByteOutput out) {
        out.writeBytes(buffer, 0, (int) ((bitCount + 7) >>> 3));
    }
}
