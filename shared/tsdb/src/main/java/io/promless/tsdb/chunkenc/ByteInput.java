package io.promless.tsdb.chunkenc;

import static java.util.Objects.requireNonNull;

/** Reads what {@link ByteOutput} wrote; every read is bounds-checked and fails with {@link CorruptEncodingException}. */
public final class ByteInput {
    private final byte[] bytes;
    private final int end;
    private int position;

    public ByteInput(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public ByteInput(byte[] bytes, int offset, int length) {
        this.bytes = requireNonNull(bytes, "bytes is null");
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("range outside the array");
        }
        this.position = offset;
        this.end = offset + length;
    }

    public int readByte() {
        if (position >= end) {
            throw new CorruptEncodingException("unexpected end of data");
        }
        return bytes[position++] & 0xFF;
    }

    public long readUnsignedVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int next = readByte();
            result |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptEncodingException("varint longer than 10 bytes");
    }

    public long readSignedVarint() {
        long zigzag = readUnsignedVarint();
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    /** A varint that must fit a non-negative int, e.g. a count or a length. */
    public int readCount() {
        long value = readUnsignedVarint();
        if (value > Integer.MAX_VALUE) {
            throw new CorruptEncodingException("count out of range: " + value);
        }
        return (int) value;
    }

    public long readLong() {
        if (end - position < 8) {
            throw new CorruptEncodingException("unexpected end of data");
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    /** Returns a view of the next {@code length} bytes and skips them. */
    public ByteInput slice(int length) {
        if (length < 0 || end - position < length) {
            throw new CorruptEncodingException("slice past the end of data");
        }
        ByteInput slice = new ByteInput(bytes, position, length);
        position += length;
        return slice;
    }

    byte[] array() {
        return bytes;
    }

    int position() {
        return position;
    }

    int end() {
        return end;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    public int remaining() {
        return end - position;
    }
}
