package io.promless.tsdb.chunkenc;

/** Reads bit fields written by {@link BitOutput} from a byte range. */
final class BitInput {
    private final byte[] bytes;
    private final long endBit;
    private long position;

    BitInput(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = (long) offset * 8;
        this.endBit = (long) (offset + length) * 8;
    }

    boolean readBit() {
        return readBits(1) != 0;
    }

    /** Reads {@code width} bits (0..64) as an unsigned number. */
    long readBits(int width) {
        if (endBit - position < width) {
            throw new CorruptEncodingException("chunk bit stream ends early");
        }
        long result = 0;
        int remaining = width;
        while (remaining > 0) {
            int current = bytes[(int) (position >>> 3)] & 0xFF;
            int availableInByte = 8 - (int) (position & 7);
            int take = Math.min(availableInByte, remaining);
            int chunk = (current >>> (availableInByte - take)) & ((1 << take) - 1);
            result = (result << take) | chunk;
            remaining -= take;
            position += take;
        }
        return result;
    }
}
