package io.promless.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.StaleMarker;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RemoteWriteCodecTest {
    private static final double[] SPECIAL_VALUES = {
        0.0, -0.0, 1.5, -42, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.NaN, StaleMarker.VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.longBitsToDouble(0x7ff8000000000001L)
    };

    @Test
    void roundTripKeepsLabelsSamplesAndValueBitsExactly() throws Exception {
        long[] timestamps = new long[SPECIAL_VALUES.length];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = i == 0 ? -5_000 : 1_700_000_000_000L + i * 15_000L;
        }
        RemoteTimeSeries first = series(
                new String[] {"__name__", "job", "ünïcödé name", "empty"},
                new String[] {"http_requests_total", "api", "värde ✓ 😀", ""},
                timestamps, SPECIAL_VALUES);
        RemoteTimeSeries second = series(
                new String[] {"job", "__name__"}, new String[] {"api", "up"}, new long[] {0}, new double[] {1});
        RemoteTimeSeries noSamples = series(new String[] {"__name__"}, new String[] {"x"}, new long[0], new double[0]);
        List<MetricMetadata> metadata = List.of(
                new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests.\nMulti-line ✓", "requests"),
                new MetricMetadata("", MetricType.UNKNOWN, "", ""));

        RemoteWriteRequest decoded = RemoteWriteDecoder.decode(
                RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(first, second, noSamples), metadata)));

        assertThat(decoded.timeseries()).hasSize(3);
        assertSameSeries(decoded.timeseries().get(0), first);
        assertSameSeries(decoded.timeseries().get(1), second);
        assertSameSeries(decoded.timeseries().get(2), noSamples);
        assertThat(decoded.metadata()).isEqualTo(metadata);
        assertThat(decoded.exemplarsSkipped()).isZero();
        assertThat(decoded.histogramsSkipped()).isZero();
        assertThat(decoded.sampleCount()).isEqualTo(SPECIAL_VALUES.length + 1);
    }

    @ParameterizedTest
    @EnumSource(MetricType.class)
    void everyMetricTypeRoundTrips(MetricType type) throws Exception {
        MetricMetadata metadata = new MetricMetadata("m", type, "help", "seconds");
        RemoteWriteRequest decoded = RemoteWriteDecoder.decode(
                RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(), List.of(metadata))));
        assertThat(decoded.metadata()).containsExactly(metadata);
    }

    @Test
    void metricTypeNumbersFollowPrompbTypesProto() {
        assertThat(Arrays.stream(MetricType.values()).mapToInt(RemoteWriteProtocol::wireNumber))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(RemoteWriteProtocol.metricType(4)).isEqualTo(MetricType.GAUGEHISTOGRAM);
        assertThat(RemoteWriteProtocol.metricType(99)).isEqualTo(MetricType.UNKNOWN);
    }

    @Test
    void decodesBytesBuiltByHandFromTheProtoSpec() throws Exception {
        byte[] body = HandWire.message()
                .varint(2, 7) // reserved WriteRequest field 2 (Cortex source): skipped
                .message(1, HandWire.message()
                        .message(1, HandWire.label("__name__", "node_cpu_seconds_total"))
                        .message(1, HandWire.label("cpu", "0"))
                        .message(2, HandWire.sample(12.5, 1_700_000_000_000L))
                        // proto3 omits zero fields: value 0 and timestamp 0 may be absent.
                        .message(2, HandWire.message().varint(2, 1_700_000_015_000L))
                        .message(2, HandWire.message().fixed64(1, StaleMarker.BITS))
                        .message(3, HandWire.message() // exemplar: skipped and counted
                                .message(1, HandWire.label("trace_id", "abc"))
                                .fixed64(2, Double.doubleToRawLongBits(1))
                                .varint(3, 5))
                        .message(4, HandWire.message().varint(1, 3).fixed64(3, 0)) // native histogram
                        .fixed32(15, 1234) // unknown field of another wire type
                        .varint(99, 1))
                .message(3, HandWire.message()
                        .varint(1, 1)
                        .string(2, "node_cpu_seconds_total")
                        .string(4, "Seconds the CPUs spent in each mode.")
                        .string(5, "seconds")
                        .varint(6, 3)) // unknown metadata field
                .message(1, HandWire.message()
                        // field order inside a label is free; value before name
                        .message(1, HandWire.message().string(2, "up").string(1, "__name__"))
                        .message(2, HandWire.sample(Double.NEGATIVE_INFINITY, -1)))
                .build();

        RemoteWriteRequest request = RemoteWriteDecoder.decode(body);

        assertThat(request.timeseries()).hasSize(2);
        RemoteTimeSeries cpu = request.timeseries().get(0);
        assertThat(cpu.labelNames()).containsExactly("__name__", "cpu");
        assertThat(cpu.labelValues()).containsExactly("node_cpu_seconds_total", "0");
        assertThat(cpu.timestamps()).containsExactly(1_700_000_000_000L, 1_700_000_015_000L, 0L);
        assertThat(bits(cpu.values())).containsExactly(
                Double.doubleToRawLongBits(12.5), 0L, StaleMarker.BITS);
        assertThat(request.timeseries().get(1).labelNames()).containsExactly("__name__");
        assertThat(request.timeseries().get(1).labelValues()).containsExactly("up");
        assertThat(request.timeseries().get(1).timestamps()).containsExactly(-1L);
        assertThat(request.timeseries().get(1).values()).containsExactly(Double.NEGATIVE_INFINITY);
        assertThat(request.metadata()).containsExactly(new MetricMetadata(
                "node_cpu_seconds_total", MetricType.COUNTER, "Seconds the CPUs spent in each mode.", "seconds"));
        assertThat(request.exemplarsSkipped()).isEqualTo(1);
        assertThat(request.histogramsSkipped()).isEqualTo(1);
    }

    @Test
    void encoderOutputMatchesTheHandBuiltWireForm() {
        RemoteTimeSeries series = series(
                new String[] {"__name__"}, new String[] {"up"}, new long[] {1000}, new double[] {1});
        byte[] expected = HandWire.message()
                .message(1, HandWire.message()
                        .message(1, HandWire.label("__name__", "up"))
                        .message(2, HandWire.sample(1, 1000)))
                .build();
        assertThat(RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(series), List.of()))).isEqualTo(expected);
    }

    @Test
    void emptyBodyIsAnEmptyRequest() throws Exception {
        RemoteWriteRequest request = RemoteWriteDecoder.decode(new byte[0]);
        assertThat(request.timeseries()).isEmpty();
        assertThat(request.metadata()).isEmpty();
    }

    @Test
    void repeatedLabelStringsAreInternedWithinARequest() throws Exception {
        HandWire body = HandWire.message();
        for (int i = 0; i < 3; i++) {
            body.message(1, HandWire.message()
                    .message(1, HandWire.label("__name__", "up"))
                    .message(1, HandWire.label("instance", "host-" + i)));
        }
        RemoteWriteRequest request = RemoteWriteDecoder.decode(body.build());
        RemoteTimeSeries first = request.timeseries().get(0);
        RemoteTimeSeries third = request.timeseries().get(2);
        assertThat(third.labelNames()[0]).isSameAs(first.labelNames()[0]);
        assertThat(third.labelValues()[0]).isSameAs(first.labelValues()[0]);
        assertThat(third.labelNames()[1]).isSameAs(first.labelNames()[1]);
        assertThat(third.labelValues()[1]).isEqualTo("host-2");
    }

    @Test
    void invalidUtf8InALabelIsFlaggedOnItsSeriesOnly() throws Exception {
        byte[] invalid = {'b', 'a', (byte) 0xff, 'd'};
        byte[] body = HandWire.message()
                .message(1, HandWire.message()
                        .message(1, HandWire.label("__name__", "ok"))
                        .message(1, HandWire.message().string(1, "job").bytes(2, invalid)))
                .message(1, HandWire.message().message(1, HandWire.label("__name__", "fine")))
                .message(1, HandWire.message()
                        .message(1, HandWire.message().string(1, "job").bytes(2, invalid)))
                .build();
        RemoteWriteRequest request = RemoteWriteDecoder.decode(body);
        assertThat(request.timeseries()).extracting(RemoteTimeSeries::labelsValidUtf8)
                .containsExactly(false, true, false);
    }

    static Stream<Arguments> malformedBodies() {
        byte[] valid = HandWire.message().message(1, HandWire.message()
                .message(1, HandWire.label("__name__", "up"))
                .message(2, HandWire.sample(1, 1))).build();
        return Stream.of(
                Arguments.of("truncated in the middle", Arrays.copyOf(valid, valid.length - 3)),
                Arguments.of("length prefix beyond the end", new byte[] {0x0a, 0x7f, 0x01}),
                Arguments.of("invalid wire type 7", new byte[] {0x0f, 0x00}),
                Arguments.of("field number zero", new byte[] {0x02, 0x00}),
                Arguments.of("unterminated varint", new byte[] {0x08, (byte) 0xff, (byte) 0xff}),
                Arguments.of("nested length beyond parent", HandWire.message()
                        .bytes(1, new byte[] {0x0a, 0x10, 0x0a, 0x00}).build()),
                Arguments.of("stray end-group tag", new byte[] {0x0c}),
                Arguments.of("plain text", "hello world, not protobuf".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedProtobufIsRejected(String description, byte[] body) {
        assertThatThrownBy(() -> RemoteWriteDecoder.decode(body))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void decodesASliceOfALargerBuffer() throws Exception {
        byte[] body = RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(series(
                new String[] {"__name__"}, new String[] {"up"}, new long[] {5}, new double[] {2})), List.of()));
        byte[] padded = new byte[body.length + 10];
        System.arraycopy(body, 0, padded, 7, body.length);
        RemoteWriteRequest request = RemoteWriteDecoder.decode(padded, 7, body.length);
        assertThat(request.timeseries().get(0).labelValues()).containsExactly("up");
        assertThat(request.timeseries().get(0).values()).containsExactly(2.0);
    }

    static RemoteTimeSeries series(String[] names, String[] values, long[] timestamps, double[] samples) {
        return new RemoteTimeSeries(names, values, timestamps, samples, true);
    }

    private static void assertSameSeries(RemoteTimeSeries actual, RemoteTimeSeries expected) {
        assertThat(actual.labelNames()).containsExactly(expected.labelNames());
        assertThat(actual.labelValues()).containsExactly(expected.labelValues());
        assertThat(actual.timestamps()).containsExactly(expected.timestamps());
        assertThat(bits(actual.values())).containsExactly(bits(expected.values()));
        assertThat(actual.labelsValidUtf8()).isTrue();
    }

    static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
