package io.promless.blocks.chunk;

import io.promless.tsdb.chunkenc.CorruptEncodingException;
import io.promless.tsdb.chunkenc.XorChunkEncoder;
import io.promless.tsdb.chunkenc.XorChunkIterator;
import java.util.Arrays;

/**
 * Encodes the samples of one series in one data column. Every chunk starts with a tag byte:
 * {@code 0} an {@link XorChunkEncoder} chunk follows (Gorilla XOR, any float); {@code 1} a
 * {@link DecimalDeltaChunk} follows (values that are short decimals, as exposition text
 * yields, stored as bit-packed integer deltas). The writer tries both and keeps the smaller;
 * decoding is bit-exact either way. Stateless and thread-safe.
 */
public final class ChunkCodec {
    public static final int XOR = 0;
    public static final int DECIMAL_DELTA = 1;

    private ChunkCodec() {}

    /** Samples [from, to) of the arrays; timestamps must strictly increase. */
    public static byte[] encode(long[] timestamps, double[] values, int from, int to) {
        XorChunkEncoder xor = new XorChunkEncoder();
        for (int i = from; i < to; i++) {
            xor.append(timestamps[i], values[i]);
        }
        byte[] xorBytes = xor.encode();
        byte[] decimal = DecimalDeltaChunk.encode(timestamps, values, from, to, xorBytes.length);
        if (decimal != null && decimal.length < xorBytes.length) {
            byte[] out = new byte[decimal.length + 1];
            out[0] = DECIMAL_DELTA;
            System.arraycopy(decimal, 0, out, 1, decimal.length);
            return out;
        }
        byte[] out = new byte[xorBytes.length + 1];
        out[0] = XOR;
        System.arraycopy(xorBytes, 0, out, 1, xorBytes.length);
        return out;
    }

    /** @throws CorruptEncodingException when the chunk is malformed */
    public static void decode(byte[] chunk, SampleSink sink) {
        if (chunk.length == 0) {
            throw new CorruptEncodingException("empty chunk");
        }
        switch (chunk[0]) {
            case XOR -> {
                XorChunkIterator iterator;
                try {
                    iterator = new XorChunkIterator(Arrays.copyOfRange(chunk, 1, chunk.length));
                    while (iterator.next()) {
                        sink.accept(iterator.timestamp(), iterator.value());
                    }
                } catch (IndexOutOfBoundsException e) {
                    throw new CorruptEncodingException("XOR chunk ends early");
                }
            }
            case DECIMAL_DELTA -> DecimalDeltaChunk.decode(chunk, 1, sink);
            default -> throw new CorruptEncodingException("unknown chunk encoding " + chunk[0]);
        }
    }
}
