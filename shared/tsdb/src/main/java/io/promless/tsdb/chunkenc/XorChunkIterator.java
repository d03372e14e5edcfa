package io.promless.tsdb.chunkenc;

/**
 * Decodes a chunk written by {@link XorChunkEncoder}, one sample per {@link #next()}.
 * Throws {@link CorruptEncodingException} on malformed input. Not thread-safe.
 */
public final class XorChunkIterator {
    private final int count;
    private final BitInput bits;
    private int read;
    private long timestamp;
    private long delta;
    private long valueBits;
    private int leading = -1;
    private int trailing;

    public XorChunkIterator(byte[] chunk) {
        this(new ByteInput(chunk));
    }

    /** Reads the chunk from the rest of {@code input}; the input is consumed to its end. */
    public XorChunkIterator(ByteInput input) {
        this.count = input.readCount();
        this.timestamp = count == 0 ? 0 : input.readSignedVarint();
        this.bits = new BitInput(input.array(), input.position(), input.end() - input.position());
    }

    public int count() {
        return count;
    }

    /** Advances to the next sample; false when the chunk is exhausted. */
    public boolean next() {
        if (read >= count) {
            return false;
        }
        if (read == 0) {
            valueBits = bits.readBits(64);
        } else {
            if (read == 1) {
                int width = (int) bits.readBits(7);
                if (width > 63) {
                    throw new CorruptEncodingException("first delta wider than 63 bits");
                }
                delta = bits.readBits(width);
            } else {
                delta += readDeltaOfDelta();
            }
            timestamp += delta;
            readValue();
        }
        read++;
        return true;
    }

    public long timestamp() {
        return timestamp;
    }

    public double value() {
        return Double.longBitsToDouble(valueBits);
    }

    private long readDeltaOfDelta() {
        if (!bits.readBit()) {
            return 0;
        }
        if (!bits.readBit()) {
            return signExtend(bits.readBits(8), 8);
        }
        if (!bits.readBit()) {
            return signExtend(bits.readBits(14), 14);
        }
        if (!bits.readBit()) {
            return signExtend(bits.readBits(24), 24);
        }
        return bits.readBits(64);
    }

    private void readValue() {
        if (!bits.readBit()) {
            return;
        }
        if (!bits.readBit()) {
            if (leading < 0) {
                throw new CorruptEncodingException("value reuses a window before any was set");
            }
            int width = 64 - leading - trailing;
            valueBits ^= bits.readBits(width) << trailing;
            return;
        }
        leading = (int) bits.readBits(6);
        int meaningful = (int) bits.readBits(6) + 1;
        trailing = 64 - leading - meaningful;
        if (trailing < 0) {
            throw new CorruptEncodingException("value window exceeds 64 bits");
        }
        valueBits ^= bits.readBits(meaningful) << trailing;
    }

    private static long signExtend(long value, int width) {
        int shift = 64 - width;
        return (value << shift) >> shift;
    }
}
