package io.promless.remote;

import static io.promless.remote.RemoteWriteCodecTest.bits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSetCacheTest {
    private static final byte[] INVALID_UTF8 = {'b', 'a', (byte) 0xff, 'd'};

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("scrape-like series", RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(
                        RemoteWriteCodecTest.series(new String[] {"__name__", "instance", "job"},
                                new String[] {"up", "host:9100", "node"}, new long[] {1000}, new double[] {1}),
                        RemoteWriteCodecTest.series(new String[] {"__name__", "mode"}, new String[] {"cpu", "idle"},
                                new long[] {1000, 2000}, new double[] {StaleMarker.VALUE, -0.0})), List.of()))),
                Arguments.of("unsorted, empty value, no metric name, invalid UTF-8", HandWire.message()
                        .message(1, HandWire.message()
                                .message(1, HandWire.label("job", "a"))
                                .message(1, HandWire.label("__name__", "up"))
                                .message(2, HandWire.sample(1, 1)))
                        .message(1, HandWire.message()
                                .message(1, HandWire.label("__name__", "up"))
                                .message(1, HandWire.label("empty", ""))
                                .message(2, HandWire.sample(2, 1)))
                        .message(1, HandWire.message()
                                .message(1, HandWire.label("job", "no_name"))
                                .message(2, HandWire.sample(3, 1)))
                        .message(1, HandWire.message()
                                .message(1, HandWire.label("__name__", "bad"))
                                .message(1, HandWire.message().string(1, "job").bytes(2, INVALID_UTF8))
                                .message(2, HandWire.sample(4, 1)))
                        .build()),
                Arguments.of("labels after samples, zero fields omitted, unknown fields", HandWire.message()
                        .message(1, HandWire.message()
                                .message(1, HandWire.label("__name__", "up"))
                                .message(2, HandWire.message().varint(2, 1_700_000_015_000L))
                                .message(2, HandWire.message().fixed64(1, StaleMarker.BITS))
                                .message(2, HandWire.message().varint(2, 5).fixed64(1, 7).varint(9, 1))
                                .message(1, HandWire.label("zone", "z1"))
                                .message(1, HandWire.message().string(1, "job").bytes(2, INVALID_UTF8)))
                        .message(1, HandWire.message()
                                .message(1, HandWire.message().string(2, "up").string(1, "__name__"))
                                .message(2, HandWire.sample(Double.NEGATIVE_INFINITY, -1)))
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void cachedDecodesEqualUncachedOnesOnFirstAndLaterRequests(String description, byte[] body) throws Exception {
        RemoteWriteRequest plain = RemoteWriteDecoder.decode(body);
        LabelSetCache cache = new LabelSetCache();
        for (int request = 0; request < 3; request++) {
            RemoteWriteRequest cached = RemoteWriteDecoder.decode(body, cache);
            assertThat(cached.timeseries()).hasSameSizeAs(plain.timeseries());
            for (int i = 0; i < plain.timeseries().size(); i++) {
                RemoteTimeSeries expected = plain.timeseries().get(i);
                RemoteTimeSeries actual = cached.timeseries().get(i);
                assertThat(actual.labelNames()).containsExactly(expected.labelNames());
                assertThat(actual.labelValues()).containsExactly(expected.labelValues());
                assertThat(actual.timestamps()).containsExactly(expected.timestamps());
                assertThat(bits(actual.values())).containsExactly(bits(expected.values()));
                assertThat(actual.labelsValidUtf8()).isEqualTo(expected.labelsValidUtf8());
                assertThat((Object) expected.validLabels()).isNull();
            }
        }
    }

    @Test
    void validLabelsAreOfferedOnlyWhenNothingNeedsFixingAndAreSharedAcrossRequests() throws Exception {
        byte[] first = bodyOf("host-1");
        byte[] second = bodyOf("host-1"); // same label bytes, another request buffer
        LabelSetCache cache = new LabelSetCache();

        RemoteWriteRequest one = RemoteWriteDecoder.decode(first, cache);
        RemoteWriteRequest two = RemoteWriteDecoder.decode(second, cache);

        assertThat(one.timeseries()).extracting(RemoteTimeSeries::validLabels).containsExactly(
                Labels.of("__name__", "up", "instance", "host-1"), null, null, null);
        assertThat((Object) two.timeseries().get(0).validLabels()).isSameAs(one.timeseries().get(0).validLabels());
        assertThat(two.timeseries().get(0).labelNames()).isSameAs(one.timeseries().get(0).labelNames());
        assertThat(two.timeseries().get(3).labelsValidUtf8()).isFalse();
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void seriesInAnotherOrderThanLastTimeStillDecodeToTheirOwnLabels() throws Exception {
        LabelSetCache cache = new LabelSetCache(3);
        String[][] orders = {{"a", "b", "c"}, {"c", "a", "b"}, {"b", "x", "c", "a"}, {"a", "b", "c"}, {"c", "b", "a"}};
        for (String[] order : orders) {
            HandWire body = HandWire.message();
            for (String instance : order) {
                body.message(1, HandWire.message()
                        .message(1, HandWire.label("__name__", "up"))
                        .message(1, HandWire.label("instance", instance))
                        .message(2, HandWire.sample(1, 1000)));
            }
            RemoteWriteRequest request = RemoteWriteDecoder.decode(body.build(), cache);
            assertThat(request.timeseries()).extracting(series -> series.labelValues()[1]).containsExactly(order);
            assertThat(request.timeseries()).extracting(RemoteTimeSeries::validLabels).extracting(Labels::toString)
                    .containsExactly(java.util.Arrays.stream(order).map(i -> "{__name__=\"up\", instance=\"" + i + "\"}").toArray(String[]::new));
        }
    }

    @Test
    void startsOverWhenFull() throws Exception {
        LabelSetCache cache = new LabelSetCache(2);
        for (int i = 0; i < 5; i++) {
            RemoteWriteRequest request = RemoteWriteDecoder.decode(bodyOf("host-" + i), cache);
            assertThat(request.timeseries().get(0).labelValues()).containsExactly("up", "host-" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void malformedLabelFramingIsStillRejected() {
        byte[] body = HandWire.message()
                .bytes(1, new byte[] {0x0a, 0x10, 0x0a, 0x00}) // label claims 16 bytes, has 2
                .build();
        assertThatThrownBy(() -> RemoteWriteDecoder.decode(body, new LabelSetCache()))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void hashDependsOnEveryByte() {
        byte[] data = "__name__ up instance host-1:9100 job node".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int whole = LabelSetCache.hash(data, 0, data.length);
        for (int i = 0; i < data.length; i++) {
            byte[] changed = data.clone();
            changed[i] ^= 1;
            assertThat(LabelSetCache.hash(changed, 0, data.length)).as("byte %d", i).isNotEqualTo(whole);
        }
    }

    /** A valid series, then one with unsorted labels, one with an empty value, one with invalid UTF-8. */
    private static byte[] bodyOf(String instance) {
        return HandWire.message()
                .message(1, HandWire.message()
                        .message(1, HandWire.label("__name__", "up"))
                        .message(1, HandWire.label("instance", instance))
                        .message(2, HandWire.sample(1, 1000)))
                .message(1, HandWire.message()
                        .message(1, HandWire.label("job", "a"))
                        .message(1, HandWire.label("__name__", "up"))
                        .message(2, HandWire.sample(1, 1000)))
                .message(1, HandWire.message()
                        .message(1, HandWire.label("__name__", "up"))
                        .message(1, HandWire.label("empty", ""))
                        .message(2, HandWire.sample(1, 1000)))
                .message(1, HandWire.message()
                        .message(1, HandWire.label("__name__", "bad"))
                        .message(1, HandWire.message().string(1, "job").bytes(2, INVALID_UTF8))
                        .message(2, HandWire.sample(1, 1000)))
                .build();
    }
}
