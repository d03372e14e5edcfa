package io.promless.blocks.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.tsdb.chunkenc.CorruptEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkCodecTest {
    private static final long T0 = 1_767_225_600_000L;

    static Stream<Arguments> cases() {
        Random random = new Random(5);
        return Stream.of(
                Arguments.of("one sample", ChunkCodec.DECIMAL_DELTA, new double[] {42}),
                Arguments.of("integer counter", ChunkCodec.DECIMAL_DELTA, counter(480, 1, random)),
                Arguments.of("two-decimal counter", ChunkCodec.DECIMAL_DELTA, counter(480, 100, random)),
                Arguments.of("counter with reset", ChunkCodec.DECIMAL_DELTA, withReset(counter(240, 1, random))),
                Arguments.of("negative decimals", ChunkCodec.DECIMAL_DELTA, new double[] {-1.5, -2.25, 3.125, -0.001, 7}),
                Arguments.of("large integers", ChunkCodec.DECIMAL_DELTA, new double[] {8_253_812_736d, 9_007_199_254_740_991d, 0}),
                Arguments.of("stale marker", ChunkCodec.XOR, new double[] {1, 2, Double.longBitsToDouble(0x7ff0000000000002L), 4}),
                Arguments.of("negative zero", ChunkCodec.XOR, new double[] {1, -0.0, 1}),
                Arguments.of("infinities", ChunkCodec.XOR, new double[] {Double.POSITIVE_INFINITY, 1, Double.NEGATIVE_INFINITY}),
                Arguments.of("random floats", ChunkCodec.XOR, random.doubles(200).toArray()),
                Arguments.of("constant", ChunkCodec.DECIMAL_DELTA, constant(480, 1)),
                Arguments.of("accumulated float sum", -1, accumulatedSum(300, random)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTripsBitExactAndPicksTheExpectedEncoding(String name, int expectedEncoding, double[] values) {
        long[] timestamps = timestamps(values.length, new Random(name.hashCode()));
        byte[] chunk = ChunkCodec.encode(timestamps, values, 0, values.length);
        if (expectedEncoding >= 0) {
            assertThat((int) chunk[0]).isEqualTo(expectedEncoding);
        }
        List<long[]> decoded = new ArrayList<>();
        ChunkCodec.decode(chunk, (timestamp, value) -> decoded.add(new long[] {timestamp, Double.doubleToRawLongBits(value)}));
        assertThat(decoded.stream().mapToLong(sample -> sample[0]).toArray()).containsExactly(timestamps);
        assertThat(decoded.stream().mapToLong(sample -> sample[1]).toArray())
                .containsExactly(Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void neverLargerThanTheXorChunkPlusItsTag(String name, int ignored, double[] values) {
        long[] timestamps = timestamps(values.length, new Random(1));
        io.promless.tsdb.chunkenc.XorChunkEncoder xor = new io.promless.tsdb.chunkenc.XorChunkEncoder();
        for (int i = 0; i < values.length; i++) {
            xor.append(timestamps[i], values[i]);
        }
        assertThat(ChunkCodec.encode(timestamps, values, 0, values.length).length).isLessThanOrEqualTo(xor.encode().length + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void truncatedChunksFailWithACorruptEncodingError(String name, int ignored, double[] values) {
        long[] timestamps = timestamps(values.length, new Random(2));
        byte[] chunk = ChunkCodec.encode(timestamps, values, 0, values.length);
        for (int length : new int[] {0, 1, 2, chunk.length / 2}) {
            byte[] truncated = Arrays.copyOf(chunk, Math.min(length, chunk.length - 1));
            assertThatThrownBy(() -> ChunkCodec.decode(truncated, (timestamp, value) -> { }))
                    .as("truncated to %d of %d bytes", truncated.length, chunk.length)
                    .isInstanceOf(CorruptEncodingException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesASliceOfTheArrays(String name, int ignored, double[] values) {
        long[] timestamps = timestamps(values.length, new Random(3));
        int from = values.length / 3;
        byte[] chunk = ChunkCodec.encode(timestamps, values, from, values.length);
        List<Long> decoded = new ArrayList<>();
        ChunkCodec.decode(chunk, (timestamp, value) -> decoded.add(timestamp));
        assertThat(decoded).containsExactlyElementsOf(Arrays.stream(timestamps, from, values.length).boxed().toList());
    }

    private static long[] timestamps(int count, Random random) {
        long[] timestamps = new long[count];
        for (int i = 0; i < count; i++) {
            timestamps[i] = T0 + i * 15_000L + (random.nextInt(20) == 0 ? random.nextInt(5) : 0);
        }
        return timestamps;
    }

    private static double[] counter(int count, int scale, Random random) {
        double[] values = new double[count];
        long integer = random.nextInt(1_000_000);
        for (int i = 0; i < count; i++) {
            integer += random.nextInt(50);
            values[i] = (double) integer / scale;
        }
        return values;
    }

    private static double[] withReset(double[] values) {
        for (int i = values.length / 2; i < values.length; i++) {
            values[i] -= values[values.length / 2];
        }
        return values;
    }

    private static double[] constant(int count, double value) {
        double[] values = new double[count];
        Arrays.fill(values, value);
        return values;
    }

    private static double[] accumulatedSum(int count, Random random) {
        double[] values = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += random.nextInt(1000) / 1000.0;
            values[i] = sum;
        }
        return values;
    }
}
