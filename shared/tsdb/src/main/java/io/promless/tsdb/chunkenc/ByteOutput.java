package io.promless.tsdb.chunkenc;

import java.util.Arrays;

/** A growable byte buffer with the varint and fixed-width writes the encodings use. Not thread-safe. */
public final class ByteOutput {
    private byte[] buffer;
    private int size;

    public ByteOutput(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public void writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    public void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    public void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Unsigned LEB128: seven bits per byte, high bit set while more follow. */
    public void writeUnsignedVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    /** Zigzag then LEB128, so small negative numbers stay short. */
    public void writeSignedVarint(long value) {
        writeUnsignedVarint((value << 1) ^ (value >> 63));
    }

    /** Eight bytes, big-endian. */
    public void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
