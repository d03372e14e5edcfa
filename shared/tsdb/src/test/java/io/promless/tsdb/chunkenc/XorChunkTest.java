package io.promless.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class XorChunkTest {
    static Stream<Arguments> chunks() {
        SplittableRandom random = new SplittableRandom(7);
        long[] jittered = new long[200];
        double[] randomValues = new double[200];
        long t = 1_764_115_200_123L;
        for (int i = 0; i < jittered.length; i++) {
            t += 60_000 + random.nextInt(-300, 300);
            jittered[i] = t;
            randomValues[i] = Double.longBitsToDouble(random.nextLong());
        }
        return Stream.of(
                Arguments.of("single sample", new long[] {1000}, new double[] {42}),
                Arguments.of("regular interval, constant", new long[] {0, 15_000, 30_000, 45_000}, new double[] {1, 1, 1, 1}),
                Arguments.of("counter with jitter", jittered, counter(jittered.length)),
                Arguments.of("random bit patterns", jittered, randomValues),
                Arguments.of("special values", new long[] {1, 2, 3, 4, 5, 6, 7, 8},
                        new double[] {Double.NaN, StaleMarker.VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                                -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE}),
                Arguments.of("NaN payloads", new long[] {1, 2, 3},
                        new double[] {Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff0000000000001L), Double.NaN}),
                Arguments.of("negative timestamps", new long[] {-5_000_000, -4_000_000, -1, 0, 1}, new double[] {1, 2, 3, 4, 5}),
                Arguments.of("huge gaps", new long[] {Long.MIN_VALUE / 4, 0, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4 + 1},
                        new double[] {1, 2, 3, 4}),
                Arguments.of("every delta-of-delta width", new long[] {0, 10, 20, 150, 300, 10_000, 20_000, 5_000_000, 10_000_000,
                        10_000_000_000L, 10_000_000_001L}, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunks")
    void roundTripsBitExactly(String name, long[] timestamps, double[] values) {
        XorChunkEncoder encoder = new XorChunkEncoder();
        for (int i = 0; i < timestamps.length; i++) {
            encoder.append(timestamps[i], values[i]);
        }
        XorChunkIterator iterator = new XorChunkIterator(encoder.encode());
        assertThat(iterator.count()).isEqualTo(timestamps.length);
        List<Long> readTimestamps = new ArrayList<>();
        List<Long> readBits = new ArrayList<>();
        while (iterator.next()) {
            readTimestamps.add(iterator.timestamp());
            readBits.add(Double.doubleToRawLongBits(iterator.value()));
        }
        List<Long> expectedBits = new ArrayList<>();
        for (double value : values) {
            expectedBits.add(Double.doubleToRawLongBits(value));
        }
        assertThat(readTimestamps).containsExactly(java.util.Arrays.stream(timestamps).boxed().toArray(Long[]::new));
        assertThat(readBits).isEqualTo(expectedBits);
    }

    @Test
    void aRegularConstantSeriesCostsAboutTwoBitsPerSample() {
        XorChunkEncoder encoder = new XorChunkEncoder();
        for (int i = 0; i < 120; i++) {
            encoder.append(i * 60_000L, 1);
        }
        // 118 samples at '0' + '0' = 2 bits, plus the header and the first two samples.
        assertThat(encoder.encode().length).isLessThan(50);
    }

    @Test
    void outOfOrderAndDuplicateTimestampsAreRejected() {
        XorChunkEncoder encoder = new XorChunkEncoder();
        encoder.append(1000, 1);
        assertThatThrownBy(() -> encoder.append(1000, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out-of-order or duplicate");
        assertThatThrownBy(() -> encoder.append(999, 2)).isInstanceOf(IllegalArgumentException.class);
        encoder.append(1001, 3);
        assertThat(encoder.count()).isEqualTo(2);
    }

    @Test
    void anEmptyChunkHasNoSamples() {
        XorChunkIterator iterator = new XorChunkIterator(new XorChunkEncoder().encode());
        assertThat(iterator.next()).isFalse();
    }

    @Test
    void truncatedChunksFailClearly() {
        XorChunkEncoder encoder = new XorChunkEncoder();
        for (int i = 0; i < 10; i++) {
            encoder.append(i * 1000L, i * 1.5);
        }
        byte[] bytes = encoder.encode();
        XorChunkIterator iterator = new XorChunkIterator(java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> {
            while (iterator.next()) {
                iterator.value();
            }
        }).isInstanceOf(CorruptEncodingException.class);
    }

    private static double[] counter(int size) {
        double[] values = new double[size];
        double value = 1000;
        for (int i = 0; i < size; i++) {
            value += i % 7 == 0 ? 0 : 12.5 * i;
            values[i] = value;
        }
        return values;
    }
}
