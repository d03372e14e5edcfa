package io.promless.tsdb.chunkenc;

/**
 * Encodes one series' float samples in the Gorilla style: timestamps as delta-of-delta with
 * short prefix codes, values as the XOR with the previous value's bits, storing only the
 * meaningful middle bits. Values are kept bit-exact, so every NaN payload (including the
 * staleness marker) survives. Timestamps must strictly increase. Not thread-safe.
 *
 * <p>Layout: {@code varint count, zigzag-varint first timestamp, bit stream}; see
 * docs/head-format.md for the bit codes.
 */
public final class XorChunkEncoder {
    private final BitOutput bits = new BitOutput();
    private int count;
    private long firstTimestamp;
    private long previousTimestamp;
    private long previousDelta;
    private long previousValueBits;
    private int previousLeading = -1;
    private int previousTrailing;

    /** @throws IllegalArgumentException when {@code timestamp} is not after the previous one */
    public void append(long timestamp, double value) {
        long valueBits = Double.doubleToRawLongBits(value);
        if (count == 0) {
            firstTimestamp = timestamp;
            bits.writeBits(valueBits, 64);
        } else {
            if (timestamp <= previousTimestamp) {
                throw new IllegalArgumentException("out-of-order or duplicate timestamp " + timestamp
                        + " after " + previousTimestamp);
            }
            long delta = timestamp - previousTimestamp;
            if (delta < 0) {
                throw new IllegalArgumentException("timestamps span more than 2^63 milliseconds");
            }
            if (count == 1) {
                int width = 64 - Long.numberOfLeadingZeros(delta);
                bits.writeBits(width, 7);
                bits.writeBits(delta, width);
            } else {
                writeDeltaOfDelta(delta - previousDelta);
            }
            previousDelta = delta;
            writeValue(valueBits);
        }
        previousTimestamp = timestamp;
        previousValueBits = valueBits;
        count++;
    }

    public int count() {
        return count;
    }

    /** The encoded chunk; the encoder may keep appending afterwards. */
    public byte[] encode() {
        ByteOutput out = new ByteOutput((int) (bits.bitCount() >>> 3) + 12);
        encodeTo(out);
        return out.toByteArray();
    }

    public void encodeTo(ByteOutput out) {
        out.writeUnsignedVarint(count);
        if (count == 0) {
            return;
        }
        out.writeSignedVarint(firstTimestamp);
        bits.copyTo(out);
    }

    private void writeDeltaOfDelta(long deltaOfDelta) {
        if (deltaOfDelta == 0) {
            bits.writeBit(false);
        } else if (fitsSigned(deltaOfDelta, 8)) {
            bits.writeBits(0b10, 2);
            bits.writeBits(deltaOfDelta, 8);
        } else if (fitsSigned(deltaOfDelta, 14)) {
            bits.writeBits(0b110, 3);
            bits.writeBits(deltaOfDelta, 14);
        } else if (fitsSigned(deltaOfDelta, 24)) {
            bits.writeBits(0b1110, 4);
            bits.writeBits(deltaOfDelta, 24);
        } else {
            bits.writeBits(0b1111, 4);
            bits.writeBits(deltaOfDelta, 64);
        }
    }

    private void writeValue(long valueBits) {
        long xor = valueBits ^ previousValueBits;
        if (xor == 0) {
            bits.writeBit(false);
            return;
        }
        int leading = Long.numberOfLeadingZeros(xor);
        int trailing = Long.numberOfTrailingZeros(xor);
        if (previousLeading >= 0 && leading >= previousLeading && trailing >= previousTrailing) {
            bits.writeBits(0b10, 2);
            bits.writeBits(xor >>> previousTrailing, 64 - previousLeading - previousTrailing);
            return;
        }
        int meaningful = 64 - leading - trailing;
        bits.writeBits(0b11, 2);
        bits.writeBits(leading, 6);
        bits.writeBits(meaningful - 1, 6);
        bits.writeBits(xor >>> trailing, meaningful);
        previousLeading = leading;
        previousTrailing = trailing;
    }

    static boolean fitsSigned(long value, int width) {
        long limit = 1L << (width - 1);
        return value >= -limit && value < limit;
    }
}
