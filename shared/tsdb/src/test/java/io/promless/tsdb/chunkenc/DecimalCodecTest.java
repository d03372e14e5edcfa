package io.promless.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.StaleMarker;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecimalCodecTest {
    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(0.0, 1),
                Arguments.of(1.0, 1),
                Arguments.of(-1.0, 1),
                Arguments.of(42.0, 2),
                Arguments.of(1234.56, 4),
                Arguments.of(1.7e-05, 2),
                Arguments.of(8_253_812_736.0, 6),
                Arguments.of(0.1, 1),
                Arguments.of(1e15, 8),
                Arguments.of(9_007_199_254_740_991.0, 9),
                Arguments.of(Math.PI, 9),
                Arguments.of(-0.0, 9),
                Arguments.of(Double.NaN, 9),
                Arguments.of(StaleMarker.VALUE, 9),
                Arguments.of(Double.POSITIVE_INFINITY, 9),
                Arguments.of(Double.NEGATIVE_INFINITY, 9),
                Arguments.of(Double.MIN_VALUE, 9),
                Arguments.of(Double.MAX_VALUE, 9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void singleValuesRoundTripBitExactlyAtTheExpectedSize(double value, int expectedBytes) {
        ByteOutput out = new ByteOutput(16);
        DecimalValueCodec.write(out, value);
        assertThat(out.size()).isEqualTo(expectedBytes);
        ByteInput in = new ByteInput(out.toByteArray());
        assertThat(Double.doubleToRawLongBits(DecimalValueCodec.read(in))).isEqualTo(Double.doubleToRawLongBits(value));
        assertThat(in.hasRemaining()).isFalse();
    }

    static Stream<Arguments> columns() {
        SplittableRandom random = new SplittableRandom(3);
        double[] mixed = new double[500];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = switch (i % 5) {
                case 0 -> random.nextLong(1L << 40);
                case 1 -> random.nextLong(1_000_000) / 100.0;
                case 2 -> -random.nextInt(1000);
                case 3 -> random.nextDouble();
                default -> Double.longBitsToDouble(random.nextLong());
            };
        }
        return Stream.of(
                Arguments.of("integers", new double[] {0, 1, 2, 3, 1000, 65536}),
                Arguments.of("two decimals", new double[] {12.25, 0.5, 100.75, 3.0}),
                Arguments.of("negatives", new double[] {-1.5, 2.5, -1000}),
                Arguments.of("specials among decimals", new double[] {1.5, Double.NaN, StaleMarker.VALUE, -0.0, 2.25,
                        Double.POSITIVE_INFINITY, Math.E}),
                Arguments.of("all special", new double[] {Double.NaN, StaleMarker.VALUE}),
                Arguments.of("whole numbers among fractions (two scales)",
                        new double[] {12345.67, 1e9, 2_000_000_003, 0, 1, 0.001, 7e15}),
                Arguments.of("two scales, signed, with specials",
                        new double[] {-12.5, 4_000_000_000.0, -3, Double.NaN, 0.25, -0.0, StaleMarker.VALUE, 1e-5}),
                Arguments.of("mixed random", mixed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("columns")
    void columnsRoundTripBitExactly(String name, double[] values) {
        ByteOutput out = new ByteOutput(16);
        DecimalColumnCodec.write(out, values, values.length);
        double[] read = new double[values.length];
        ByteInput in = new ByteInput(out.toByteArray());
        DecimalColumnCodec.read(in, read, values.length);
        assertThat(in.hasRemaining()).isFalse();
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(read[i])).as("value %d", i).isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void aColumnSharesOneScaleSoTwoDecimalCountersCostTheirDigits() {
        double[] values = {12345.67, 13456.78, 14567.89, 15678.91};
        ByteOutput out = new ByteOutput(16);
        DecimalColumnCodec.write(out, values, values.length);
        // header + four mantissas below 2^21, three varint bytes each
        assertThat(out.size()).isEqualTo(1 + 4 * 3);
    }

    @Test
    void wholeNumbersAmongFractionsKeepTheirOwnScale() {
        double[] values = {12345.67, 1e9, 2_000_000_003, 0, 1};
        ByteOutput out = new ByteOutput(16);
        DecimalColumnCodec.write(out, values, values.length);
        byte[] bytes = out.toByteArray();
        // header, then 2 * 1234567 + 1 (4 bytes), 2 * 1e9 and 2 * 2000000003 (5 bytes each), 0 and 2 (1 byte each);
        // one shared scale would store 1e11 and 2e11 in 6 bytes each.
        assertThat(bytes[0] & 0x40).isNotZero();
        assertThat(bytes).hasSize(1 + 4 + 5 + 5 + 1 + 1);
    }

    @Test
    void corruptColumnsFailClearly() {
        assertThatThrownBy(() -> DecimalColumnCodec.read(new ByteInput(new byte[] {0x40}), new double[1], 1))
                .as("two scales need a column scale above 0")
                .isInstanceOf(CorruptEncodingException.class);
        assertThatThrownBy(() -> DecimalColumnCodec.read(new ByteInput(new byte[] {(byte) 0xC0}), new double[1], 1))
                .isInstanceOf(CorruptEncodingException.class);
        assertThatThrownBy(() -> DecimalColumnCodec.read(new ByteInput(new byte[] {0x00}), new double[2], 2))
                .isInstanceOf(CorruptEncodingException.class);
    }

    @Test
    void varintsRoundTripAtTheirEdges() {
        long[] values = {0, 1, 127, 128, 16_383, 16_384, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        ByteOutput out = new ByteOutput(4);
        for (long value : values) {
            out.writeSignedVarint(value);
            out.writeUnsignedVarint(value);
            out.writeLong(value);
        }
        ByteInput in = new ByteInput(out.toByteArray());
        for (long value : values) {
            assertThat(in.readSignedVarint()).isEqualTo(value);
            assertThat(in.readUnsignedVarint()).isEqualTo(value);
            assertThat(in.readLong()).isEqualTo(value);
        }
        assertThat(in.hasRemaining()).isFalse();
        assertThatThrownBy(in::readByte).isInstanceOf(CorruptEncodingException.class);
    }
}
