package io.promless.tsdb.chunkenc;

/**
 * Encodes one float on its own, without a neighbour to XOR against: most exposed values are
 * short decimals ({@code 0}, {@code 42}, {@code 1234.56}, {@code 1.7e-05}), so a value that is
 * exactly {@code m / 10^k} for a small integer {@code m} and {@code k <= 14} is written as the
 * varint {@code zigzag(m) << 4 | k}; anything else (NaN payloads, infinities, -0.0, long
 * fractions) as the tag {@code 15} and the eight raw bytes. Decoding is bit-exact.
 */
public final class DecimalValueCodec {
    private static final int RAW_TAG = 15;
    private static final int MAX_SCALE = 14;
    private static final long MAX_MANTISSA = 1L << 53;
    private static final double[] POWERS_OF_TEN = new double[MAX_SCALE + 1];

    static {
        double power = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private DecimalValueCodec() {}

    /**
     * The smallest {@code k <= 14} with {@code value == m / 10^k} bit for bit, for an integer
     * {@code |m| < 2^53}; -1 when there is none (NaN, infinities, -0.0, long fractions).
     */
    static int scaleOf(double value) {
        if (!Double.isFinite(value)) {
            return -1;
        }
        long valueBits = Double.doubleToRawLongBits(value);
        for (int scale = 0; scale <= MAX_SCALE; scale++) {
            double scaled = value * POWERS_OF_TEN[scale];
            if (Math.abs(scaled) >= MAX_MANTISSA) {
                return -1;
            }
            if (Double.doubleToRawLongBits(Math.round(scaled) / POWERS_OF_TEN[scale]) == valueBits) {
                return scale;
            }
        }
        return -1;
    }

    /** The integer {@code m} with {@code value == m / 10^scale}, for a scale at least {@link #scaleOf}. */
    static long mantissa(double value, int scale) {
        return Math.round(value * POWERS_OF_TEN[scale]);
    }

    static boolean isExact(long mantissa, int scale, double value) {
        return Math.abs(mantissa) < MAX_MANTISSA
                && Double.doubleToRawLongBits(mantissa / POWERS_OF_TEN[scale]) == Double.doubleToRawLongBits(value);
    }

    static double fromMantissa(long mantissa, int scale) {
        return mantissa / POWERS_OF_TEN[scale];
    }

    static int maxScale() {
        return MAX_SCALE;
    }

    public static void write(ByteOutput out, double value) {
        int scale = scaleOf(value);
        if (scale >= 0) {
            long mantissa = mantissa(value, scale);
            out.writeUnsignedVarint((((mantissa << 1) ^ (mantissa >> 63)) << 4) | scale);
            return;
        }
        out.writeUnsignedVarint(RAW_TAG);
        out.writeLong(Double.doubleToRawLongBits(value));
    }

    public static double read(ByteInput in) {
        long encoded = in.readUnsignedVarint();
        int scale = (int) (encoded & 0xF);
        if (scale == RAW_TAG) {
            if (encoded != RAW_TAG) {
                throw new CorruptEncodingException("raw value tag with a mantissa");
            }
            return Double.longBitsToDouble(in.readLong());
        }
        long zigzag = encoded >>> 4;
        long mantissa = (zigzag >>> 1) ^ -(zigzag & 1);
        return mantissa / POWERS_OF_TEN[scale];
    }
}
