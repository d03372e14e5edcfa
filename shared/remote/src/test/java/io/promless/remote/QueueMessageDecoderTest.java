package io.promless.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.errors.ErrorType;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.ports.ObjectStore;
import io.promless.ports.QueueMessage;
import io.promless.remote.MalformedMessageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueueMessageDecoderTest {
    private static final byte[] VALID_PROTOBUF = HandWire.message().message(1, HandWire.message()
            .message(1, HandWire.label("__name__", "up"))
            .message(2, HandWire.sample(1, 1000))).build();

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    static Stream<Arguments> malformedMessages() {
        Map<String, String> standard = QueueAppendable.remoteWriteAttributes();
        return Stream.of(
                Arguments.of("not base64", message("%%% not base64 %%%", standard), Reason.BAD_BASE64),
                Arguments.of("JSON without pointer", message("{\"other\":1}", standard), Reason.BAD_BASE64),
                Arguments.of("base64 of garbage", message(base64("definitely not snappy".getBytes(StandardCharsets.UTF_8)), standard),
                        Reason.BAD_SNAPPY),
                Arguments.of("uncompressed protobuf", message(base64(VALID_PROTOBUF), standard), Reason.BAD_SNAPPY),
                Arguments.of("snappy of garbage", message(
                        base64(Snappy.compress(new byte[] {0x0f, 0x01, 0x02})), standard), Reason.BAD_PROTOBUF),
                Arguments.of("missing claim check", message("{\"claimCheck\":\"claim-checks/gone\"}",
                        withAttribute(standard, "Promless-Claim-Check", "claim-checks/gone")), Reason.MISSING_CLAIM_CHECK),
                Arguments.of("gzip encoding", message(base64(Snappy.compress(VALID_PROTOBUF)),
                        withAttribute(standard, "Content-Encoding", "gzip")), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("json content", message(base64(Snappy.compress(VALID_PROTOBUF)),
                        withAttribute(standard, "Content-Type", "application/json")), Reason.UNSUPPORTED_FORMAT),
                Arguments.of("remote-write 2.0", message(base64(Snappy.compress(VALID_PROTOBUF)),
                        withAttribute(standard, "X-Prometheus-Remote-Write-Version", "2.0.0")), Reason.UNSUPPORTED_FORMAT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedMessagesSayWhy(String description, QueueMessage message, Reason reason) {
        assertThatThrownBy(() -> new QueueMessageDecoder(store).decode(message))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.type()).isEqualTo(ErrorType.BAD_DATA);
                    assertThat(e.getMessage()).startsWith(reason.name());
                });
    }

    @Test
    void decompressedSizeIsCapped() {
        QueueMessage message = message(base64(Snappy.compress(new byte[10_000])), Map.of());
        assertThatThrownBy(() -> new QueueMessageDecoder(store, 1_000).decode(message))
                .isInstanceOfSatisfying(MalformedMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SNAPPY));
    }

    @Test
    void messagesWithoutAttributesUseTheDefaults() {
        QueueMessage message = message(base64(Snappy.compress(VALID_PROTOBUF)), Map.of());
        RemoteWriteRequest request = new QueueMessageDecoder(store).decode(message);
        assertThat(request.timeseries().get(0).labelValues()).containsExactly("up");
    }

    @Test
    void contentTypeWithTheV1ProtoParameterIsAccepted() {
        QueueMessage message = message(base64(Snappy.compress(VALID_PROTOBUF)),
                Map.of("Content-Type", "application/x-protobuf;proto=prometheus.WriteRequest"));
        assertThat(new QueueMessageDecoder(store).decode(message).sampleCount()).isEqualTo(1);
    }

    @Test
    void claimCheckIsFoundFromTheJsonBodyWhenAttributesAreLost() {
        store.put("claim-checks/abc", Snappy.compress(VALID_PROTOBUF));
        QueueMessage message = message("{\"claimCheck\":\"claim-checks/abc\",\"compressedBytes\":30}", Map.of());
        assertThat(new QueueMessageDecoder(store).decode(message).sampleCount()).isEqualTo(1);
    }

    @Test
    void objectStoreOutagesAreNotReportedAsMalformedInput() {
        ObjectStore failing = new ObjectStore() {
            @Override
            public void put(String key, byte[] data) {}

            @Override
            public Optional<byte[]> get(String key) {
                throw new IllegalStateException("store unavailable");
            }

            @Override
            public void delete(String key) {}

            @Override
            public List<String> list(String prefix) {
                return List.of();
            }
        };
        QueueMessage message = message("{}", Map.of("Promless-Claim-Check", "claim-checks/x"));
        assertThatThrownBy(() -> new QueueMessageDecoder(failing).decode(message))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(MalformedMessageException.class);
    }

    private static QueueMessage message(String body, Map<String, String> attributes) {
        return new QueueMessage("id-1", body, attributes, "receipt-1");
    }

    private static Map<String, String> withAttribute(Map<String, String> attributes, String name, String value) {
        Map<String, String> copy = new HashMap<>(attributes);
        copy.put(name, value);
        return copy;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
