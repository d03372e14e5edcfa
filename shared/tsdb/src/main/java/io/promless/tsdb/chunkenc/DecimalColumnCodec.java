package io.promless.tsdb.chunkenc;

/**
 * Encodes a column of floats that share a format, such as the values of one metric in one
 * scrape: every value becomes an integer {@code m} over one shared power of ten {@code 10^K},
 * written as a varint (zigzag only when some value is negative); values that do not fit
 * (NaN payloads, infinities, -0.0, long fractions) are listed as exceptions with their raw bits.
 * {@code K} is chosen to minimise the size. Decoding is bit-exact.
 *
 * <p>A column that mixes whole numbers with fractions (a metric group holding byte counters
 * and seconds counters) may instead use two scales: each varint then carries a low bit saying
 * whether its integer is over {@code 10^K} (1) or is the value itself (0), so whole numbers do
 * not pay for the fractions' digits. The encoder picks whichever layout is smaller.
 *
 * <p>Layout: {@code header byte (bits 0-3 K, bit 4 zigzag, bit 5 exceptions present, bit 6 two
 * scales)}, then {@code [varint exception count, (varint position gap, 8 raw bytes)...]}, then
 * one varint per remaining value in order.
 */
public final class DecimalColumnCodec {
    private static final int SIGNED_FLAG = 0x10;
    private static final int EXCEPTIONS_FLAG = 0x20;
    private static final int TWO_SCALES_FLAG = 0x40;
    private static final int RAW_COST = 9;

    private DecimalColumnCodec() {}

    public static void write(ByteOutput out, double[] values, int count) {
        int[] scales = new int[count];
        boolean[] candidates = new boolean[DecimalValueCodec.maxScale() + 1];
        boolean anyNegative = false;
        for (int i = 0; i < count; i++) {
            anyNegative |= values[i] < 0;
            scales[i] = DecimalValueCodec.scaleOf(values[i]);
            if (scales[i] >= 0) {
                candidates[scales[i]] = true;
            }
        }
        int bestScale = 0;
        boolean bestTwoScales = false;
        long bestCost = Long.MAX_VALUE;
        for (int scale = 0; scale < candidates.length; scale++) {
            if (candidates[scale]) {
                long cost = cost(values, scales, count, scale, false, anyNegative);
                if (cost < bestCost) {
                    bestCost = cost;
                    bestScale = scale;
                    bestTwoScales = false;
                }
                if (scale > 0 && candidates[0]) {
                    long twoScalesCost = cost(values, scales, count, scale, true, anyNegative);
                    if (twoScalesCost < bestCost) {
                        bestCost = twoScalesCost;
                        bestScale = scale;
                        bestTwoScales = true;
                    }
                }
            }
        }
        long[] mantissas = new long[count];
        boolean[] wholeNumber = new boolean[count];
        boolean[] exception = new boolean[count];
        int exceptions = 0;
        boolean signed = false;
        for (int i = 0; i < count; i++) {
            if (bestTwoScales && scales[i] == 0) {
                wholeNumber[i] = true;
                mantissas[i] = DecimalValueCodec.mantissa(values[i], 0);
                signed |= mantissas[i] < 0;
            } else if (fits(values[i], scales[i], bestScale)) {
                mantissas[i] = DecimalValueCodec.mantissa(values[i], bestScale);
                signed |= mantissas[i] < 0;
            } else {
                exception[i] = true;
                exceptions++;
            }
        }
        out.writeByte(bestScale | (signed ? SIGNED_FLAG : 0) | (exceptions > 0 ? EXCEPTIONS_FLAG : 0)
                | (bestTwoScales ? TWO_SCALES_FLAG : 0));
        if (exceptions > 0) {
            out.writeUnsignedVarint(exceptions);
            int previous = 0;
            for (int i = 0; i < count; i++) {
                if (exception[i]) {
                    out.writeUnsignedVarint(i - previous);
                    out.writeLong(Double.doubleToRawLongBits(values[i]));
                    previous = i;
                }
            }
        }
        for (int i = 0; i < count; i++) {
            if (!exception[i]) {
                long mantissa = mantissas[i];
                long encoded = signed ? (mantissa << 1) ^ (mantissa >> 63) : mantissa;
                out.writeUnsignedVarint(bestTwoScales ? encoded << 1 | (wholeNumber[i] ? 0 : 1) : encoded);
            }
        }
    }

    /** Reads {@code count} values into {@code into[0..count)}. */
    public static void read(ByteInput in, double[] into, int count) {
        int header = in.readByte();
        int scale = header & 0xF;
        boolean twoScales = (header & TWO_SCALES_FLAG) != 0;
        if (scale > DecimalValueCodec.maxScale() || (header & ~0x7F) != 0 || (twoScales && scale == 0)) {
            throw new CorruptEncodingException("bad decimal column header " + header);
        }
        boolean signed = (header & SIGNED_FLAG) != 0;
        boolean[] exception = new boolean[count];
        if ((header & EXCEPTIONS_FLAG) != 0) {
            int exceptions = in.readCount();
            if (exceptions == 0 || exceptions > count) {
                throw new CorruptEncodingException("bad exception count " + exceptions);
            }
            int position = 0;
            for (int e = 0; e < exceptions; e++) {
                long gap = in.readUnsignedVarint();
                if (gap > count || (e > 0 && gap == 0)) {
                    throw new CorruptEncodingException("bad exception position");
                }
                position += (int) gap;
                if (position >= count) {
                    throw new CorruptEncodingException("exception position out of range");
                }
                exception[position] = true;
                into[position] = Double.longBitsToDouble(in.readLong());
            }
        }
        for (int i = 0; i < count; i++) {
            if (!exception[i]) {
                long encoded = in.readUnsignedVarint();
                int valueScale = scale;
                if (twoScales) {
                    valueScale = (encoded & 1) == 0 ? 0 : scale;
                    encoded >>>= 1;
                }
                long mantissa = signed ? (encoded >>> 1) ^ -(encoded & 1) : encoded;
                into[i] = DecimalValueCodec.fromMantissa(mantissa, valueScale);
            }
        }
    }

    private static boolean fits(double value, int ownScale, int columnScale) {
        return ownScale >= 0 && ownScale <= columnScale
                && DecimalValueCodec.isExact(DecimalValueCodec.mantissa(value, columnScale), columnScale, value);
    }

    /** Bytes the values take at this scale, counting zigzag and, for two scales, the scale bit. */
    private static long cost(double[] values, int[] scales, int count, int columnScale, boolean twoScales,
            boolean zigzag) {
        long cost = 0;
        int scaleBit = twoScales ? 1 : 0;
        for (int i = 0; i < count; i++) {
            if (twoScales && scales[i] == 0) {
                cost += varintLength(encoded(DecimalValueCodec.mantissa(values[i], 0), zigzag) << 1);
            } else if (fits(values[i], scales[i], columnScale)) {
                cost += varintLength(encoded(DecimalValueCodec.mantissa(values[i], columnScale), zigzag) << scaleBit);
            } else {
                cost += RAW_COST + 1;
            }
        }
        return cost;
    }

    private static long encoded(long mantissa, boolean zigzag) {
        return zigzag ? (mantissa << 1) ^ (mantissa >> 63) : mantissa;
    }

    private static int varintLength(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }
}
