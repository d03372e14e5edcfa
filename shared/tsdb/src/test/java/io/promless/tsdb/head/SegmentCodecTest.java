package io.promless.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.StaleMarker;
import io.promless.tsdb.chunkenc.CorruptEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SegmentCodecTest {
    private static final long T = 1_764_115_200_123L;

    record Decoded(long seriesId, long timestamp, long valueBits) {}

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("one sample", "SINGLE_SAMPLE", List.of(one(7, T, 1.5))),
                Arguments.of("one scrape of many series", "SINGLE_SCRAPE_GROUP",
                        List.of(one(3, T, 0), one(-9, T, 12.25), one(Long.MAX_VALUE, T, StaleMarker.VALUE), one(Long.MIN_VALUE, T, -0.0))),
                Arguments.of("scrapes of three targets", "SCRAPE_GROUPS",
                        List.of(one(1, T, 1), one(2, T, 2), one(3, T + 997, 3), one(4, T + 1994, Double.NaN), one(5, T + 1994, 5))),
                Arguments.of("many samples per series", "SERIES_CHUNKS", List.of(
                        new SeriesSamples(11, new long[] {T, T + 60_000, T + 120_000}, new double[] {1, 2, 3}),
                        new SeriesSamples(12, new long[] {T + 5, T + 60_005, T + 120_005}, new double[] {Math.PI, StaleMarker.VALUE, 0}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void roundTripsEverySampleBitExactly(String name, String layout, List<SeriesSamples> input) {
        EncodedSegment encoded = SegmentEncoder.encode(input);
        assertThat(SegmentFormat.of(encoded.data()).name()).isEqualTo(layout);
        assertThat(decode(encoded)).containsExactlyInAnyOrderElementsOf(expected(input));
        assertThat(encoded.sampleCount()).isEqualTo(expected(input).size());
        Segment segment = segmentOf(encoded);
        assertThat(SegmentDecoder.countSamples(segment)).isEqualTo(encoded.sampleCount());
    }

    @Test
    void theOutputDependsOnlyOnTheSamplesNotTheirOrder() {
        List<SeriesSamples> input = List.of(one(5, T, 1), one(1, T, 2), one(3, T + 1, 3),
                new SeriesSamples(9, new long[] {T + 2, T}, new double[] {4, 5}));
        List<SeriesSamples> reversed = new ArrayList<>(input);
        java.util.Collections.reverse(reversed);
        assertThat(SegmentEncoder.encode(input).data()).isEqualTo(SegmentEncoder.encode(reversed).data());
    }

    @Test
    void unsortedTimestampsAreSortedAndTheFirstOfADuplicateWins() {
        EncodedSegment encoded = SegmentEncoder.encode(List.of(
                new SeriesSamples(1, new long[] {T + 2000, T, T + 1000, T}, new double[] {3, 1, 2, 99})));
        assertThat(decode(encoded)).containsExactly(
                new Decoded(1, T, bits(1)), new Decoded(1, T + 1000, bits(2)), new Decoded(1, T + 2000, bits(3)));
        assertThat(encoded.minTime()).isEqualTo(T);
        assertThat(encoded.maxTime()).isEqualTo(T + 2000);
    }

    @Test
    void scrapeGroupsNameTheirSeriesThroughADictionary() {
        EncodedSegment encoded = SegmentEncoder.encode(List.of(one(2, T, 1), one(1, T, 2), one(3, T + 5, 3)));
        assertThat(encoded.dictionaries()).singleElement().satisfies(dictionary -> {
            assertThat(dictionary.size()).isEqualTo(2);
            assertThat(dictionary.seriesId(0)).isEqualTo(1);
            assertThat(dictionary.seriesId(1)).isEqualTo(2);
            assertThat(SeriesDictionary.decode(dictionary.encode())).isEqualTo(dictionary);
            assertThat(dictionary.segmentId()).startsWith("d.");
        });
    }

    @Test
    void aMissingDictionaryIsACorruptSegment() {
        EncodedSegment encoded = SegmentEncoder.encode(List.of(one(1, T, 1), one(2, T, 2)));
        assertThatThrownBy(() -> SegmentDecoder.decode(segmentOf(encoded), hash -> null, (id, t, v) -> {}))
                .isInstanceOf(CorruptEncodingException.class).hasMessageContaining("missing series dictionary");
    }

    static Stream<byte[]> corruptBytes() {
        return Stream.of(new byte[0], new byte[] {0x20}, new byte[] {0x1F}, new byte[] {0x10}, new byte[] {0x14, 1, 2},
                new byte[] {0x11, 5, 0, 0, 0});
    }

    @ParameterizedTest
    @MethodSource("corruptBytes")
    void corruptBytesFailWithACorruptEncodingException(byte[] data) {
        Segment segment = new Segment(new SegmentKey("m", 0, 0, "b.x"), T, T, data, 0);
        assertThatThrownBy(() -> SegmentDecoder.decode(segment, hash -> null, (id, t, v) -> {}))
                .isInstanceOf(CorruptEncodingException.class);
    }

    @Test
    void truncatingAnySegmentIsDetected() {
        EncodedSegment encoded = SegmentEncoder.encode(List.of(one(1, T, 1.25), one(2, T, 2), one(3, T + 9, 3)));
        Map<Long, SeriesDictionary> dictionaries = dictionaries(encoded);
        for (int length = 1; length < encoded.data().length; length++) {
            Segment truncated = new Segment(new SegmentKey("m", 0, 0, "b.x"), encoded.minTime(), encoded.maxTime(),
                    Arrays.copyOf(encoded.data(), length), 0);
            assertThatThrownBy(() -> SegmentDecoder.decode(truncated, dictionaries::get, (id, t, v) -> {}))
                    .isInstanceOf(CorruptEncodingException.class);
        }
    }

    @Test
    void randomlyDamagedSegmentsEitherDecodeOrFailAsCorrupt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<EncodedSegment> valid = List.of(
                SegmentEncoder.encode(List.of(one(1, T, 1.25))),
                SegmentEncoder.encode(List.of(one(1, T, 1.25), one(2, T, Double.NaN), one(3, T, 3))),
                SegmentEncoder.encode(List.of(one(1, T, 1.25), one(2, T, 2), one(3, T + 9, -3))),
                SegmentEncoder.encode(List.of(new SeriesSamples(4, new long[] {T, T + 1000, T + 2000, T + 2500},
                        new double[] {1, 2.5, StaleMarker.VALUE, 1e300}))));
        for (int round = 0; round < 20_000; round++) {
            EncodedSegment base = valid.get(random.nextInt(valid.size()));
            byte[] damaged = base.data().clone();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length + 1));
            }
            Segment segment = new Segment(new SegmentKey("m", 0, 0, "b.x"), base.minTime(), base.maxTime(), damaged, 0);
            Map<Long, SeriesDictionary> dictionaries = dictionaries(base);
            try {
                SegmentDecoder.decode(segment, dictionaries::get, (id, t, v) -> {});
                SegmentDecoder.countSamples(segment);
            } catch (CorruptEncodingException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void emptyInputAndRepeatedSeriesAreRejected() {
        assertThatThrownBy(() -> SegmentEncoder.encode(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentEncoder.encode(List.of(one(1, T, 1), one(1, T + 1, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
    }

    private static SeriesSamples one(long id, long timestamp, double value) {
        return new SeriesSamples(id, new long[] {timestamp}, new double[] {value});
    }

    private static long bits(double value) {
        return Double.doubleToRawLongBits(value);
    }

    private static Segment segmentOf(EncodedSegment encoded) {
        return new Segment(new SegmentKey("m", 0, 0, "b.x"), encoded.minTime(), encoded.maxTime(), encoded.data(), 0);
    }

    private static Map<Long, SeriesDictionary> dictionaries(EncodedSegment encoded) {
        Map<Long, SeriesDictionary> byHash = new HashMap<>();
        encoded.dictionaries().forEach(dictionary -> byHash.put(dictionary.hash(), dictionary));
        return byHash;
    }

    private static List<Decoded> decode(EncodedSegment encoded) {
        Map<Long, SeriesDictionary> byHash = dictionaries(encoded);
        List<Decoded> decoded = new ArrayList<>();
        SegmentDecoder.decode(segmentOf(encoded), byHash::get, (id, t, v) -> decoded.add(new Decoded(id, t, bits(v))));
        return decoded;
    }

    private static List<Decoded> expected(List<SeriesSamples> input) {
        List<Decoded> expected = new ArrayList<>();
        for (SeriesSamples series : input) {
            for (int i = 0; i < series.size(); i++) {
                expected.add(new Decoded(series.seriesId(), series.timestamps()[i], bits(series.values()[i])));
            }
        }
        return expected;
    }
}
