package io.promless.blocks.chunk;

import io.promless.tsdb.chunkenc.CorruptEncodingException;
import java.io.ByteArrayOutputStream;

/**
 * A chunk for values that are short decimals: every value is {@code m / 10^K} for one scale
 * {@code K} per chunk and integers {@code m} below 2^53, which is exactly the double a parser
 * produces for the text {@code m} with K decimals. Counters then cost the bits of their
 * increments instead of the XOR of two floats.
 *
 * <p>Layout: {@code varint count, zigzag-varint first timestamp, byte K, zigzag-varint first m},
 * then a bit stream: timestamps as in the XOR chunk (7-bit width and the first delta, then
 * delta-of-delta codes 0 / 10+8 / 110+14 / 1110+24 / 1111+64 bits), then the value deltas
 * {@code m[i] - m[i-1]} zigzag-encoded in groups of {@value #GROUP}, each group a 6-bit width
 * followed by that many bits per delta.
 */
final class DecimalDeltaChunk {
    static final int GROUP = 32;
    static final int MAX_SCALE = 15;
    private static final double[] POWERS = new double[MAX_SCALE + 1];
    private static final double LIMIT = 0x1p53;

    static {
        double power = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POWERS[i] = power;
            power *= 10;
        }
    }

    private DecimalDeltaChunk() {}

    /** The chunk, or null when some value is not a short decimal (NaN, infinities, -0.0, long fractions). */
    static byte[] encode(long[] timestamps, double[] values, int from, int to, int sizeToBeat) {
        int count = to - from;
        int scale = 0;
        for (int i = from; i < to; i++) {
            while (!exact(values[i], scale)) {
                if (++scale > MAX_SCALE) {
                    return null;
                }
            }
        }
        long[] integers = new long[count];
        for (int i = 0; i < count; i++) {
            integers[i] = Math.round(values[from + i] * POWERS[scale]);
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream(24);
        writeVarint(header, count);
        if (count == 0) {
            return header.toByteArray();
        }
        writeVarint(header, zigzag(timestamps[from]));
        header.write(scale);
        writeVarint(header, zigzag(integers[0]));
        Bits.Writer bits = new Bits.Writer();
        writeTimestamps(bits, timestamps, from, to);
        for (int group = 1; group < count; group += GROUP) {
            int groupEnd = Math.min(count, group + GROUP);
            long widest = 0;
            for (int i = group; i < groupEnd; i++) {
                widest |= zigzag(integers[i] - integers[i - 1]);
            }
            int width = 64 - Long.numberOfLeadingZeros(widest);
            if (width > 63) {
                return null;
            }
            bits.write(width, 6);
            for (int i = group; i < groupEnd; i++) {
                bits.write(zigzag(integers[i] - integers[i - 1]), width);
            }
            if (header.size() + bits.byteLength() >= sizeToBeat) {
                return null;
            }
        }
        byte[] out = new byte[header.size() + bits.byteLength()];
        byte[] head = header.toByteArray();
        System.arraycopy(head, 0, out, 0, head.length);
        bits.copyTo(out, head.length);
        return out;
    }

    static void decode(byte[] chunk, int offset, SampleSink sink) {
        int[] position = {offset};
        try {
            long count = readVarint(chunk, position);
            if (count == 0) {
                return;
            }
            if (count - 1 > (long) (chunk.length - position[0]) * 8) {
                throw new CorruptEncodingException("decimal chunk count " + count + " is too large");
            }
            long timestamp = unzigzag(readVarint(chunk, position));
            int scale = chunk[position[0]++];
            if (scale < 0 || scale > MAX_SCALE) {
                throw new CorruptEncodingException("decimal chunk scale " + scale + " out of range");
            }
            double power = POWERS[scale];
            long integer = unzigzag(readVarint(chunk, position));
            int samples = (int) count;
            long[] timestamps = new long[samples];
            timestamps[0] = timestamp;
            Bits.Reader bits = new Bits.Reader(chunk, position[0], chunk.length);
            readTimestamps(bits, timestamps);
            sink.accept(timestamps[0], integer / power);
            for (int group = 1; group < samples; group += GROUP) {
                int width = (int) bits.read(6);
                int groupEnd = Math.min(samples, group + GROUP);
                for (int i = group; i < groupEnd; i++) {
                    integer += unzigzag(bits.read(width));
                    sink.accept(timestamps[i], integer / power);
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new CorruptEncodingException("decimal chunk is malformed: " + e.getMessage());
        }
    }

    /** True when {@code value} is the double nearest to some integer below 2^53 over 10^scale. */
    private static boolean exact(double value, int scale) {
        double scaled = value * POWERS[scale];
        if (!(Math.abs(scaled) < LIMIT)) {
            return false;
        }
        long integer = Math.round(scaled);
        return Double.doubleToRawLongBits(integer / POWERS[scale]) == Double.doubleToRawLongBits(value);
    }

    private static void writeTimestamps(Bits.Writer bits, long[] timestamps, int from, int to) {
        long previousDelta = 0;
        for (int i = from + 1; i < to; i++) {
            long delta = timestamps[i] - timestamps[i - 1];
            if (delta <= 0) {
                throw new IllegalArgumentException("timestamps must strictly increase: " + timestamps[i]
                        + " after " + timestamps[i - 1]);
            }
            if (i == from + 1) {
                int width = 64 - Long.numberOfLeadingZeros(delta);
                bits.write(width, 7);
                bits.write(delta, width);
            } else {
                long deltaOfDelta = delta - previousDelta;
                if (deltaOfDelta == 0) {
                    bits.writeBit(false);
                } else if (fits(deltaOfDelta, 8)) {
                    bits.write(0b10, 2);
                    bits.write(deltaOfDelta, 8);
                } else if (fits(deltaOfDelta, 14)) {
                    bits.write(0b110, 3);
                    bits.write(deltaOfDelta, 14);
                } else if (fits(deltaOfDelta, 24)) {
                    bits.write(0b1110, 4);
                    bits.write(deltaOfDelta, 24);
                } else {
                    bits.write(0b1111, 4);
                    bits.write(deltaOfDelta, 64);
                }
            }
            previousDelta = delta;
        }
    }

    private static void readTimestamps(Bits.Reader bits, long[] timestamps) {
        long delta = 0;
        for (int i = 1; i < timestamps.length; i++) {
            if (i == 1) {
                int width = (int) bits.read(7);
                if (width > 63) {
                    throw new CorruptEncodingException("first delta wider than 63 bits");
                }
                delta = bits.read(width);
            } else if (bits.readBit()) {
                if (!bits.readBit()) {
                    delta += signExtend(bits.read(8), 8);
                } else if (!bits.readBit()) {
                    delta += signExtend(bits.read(14), 14);
                } else if (!bits.readBit()) {
                    delta += signExtend(bits.read(24), 24);
                } else {
                    delta += bits.read(64);
                }
            }
            timestamps[i] = timestamps[i - 1] + delta;
        }
    }

    private static boolean fits(long value, int width) {
        long limit = 1L << (width - 1);
        return value >= -limit && value < limit;
    }

    private static long signExtend(long value, int width) {
        int shift = 64 - width;
        return (value << shift) >> shift;
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long remaining = value;
        while ((remaining & ~0x7FL) != 0) {
            out.write((int) ((remaining & 0x7F) | 0x80));
            remaining >>>= 7;
        }
        out.write((int) remaining);
    }

    private static long readVarint(byte[] bytes, int[] position) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[position[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptEncodingException("varint longer than 10 bytes");
    }
}
