package io.promless.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.local.memory.InMemoryObjectStore;
import io.promless.remote.MalformedMessageException.Reason;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RemoteWriteForwarderTest {
    private static final Map<String, String> LOWER_CASE_HEADERS = Map.of(
            "content-encoding", "snappy",
            "content-type", "application/x-protobuf",
            "x-prometheus-remote-write-version", "0.1.0");

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final QueueMessageDecoder decoder = new QueueMessageDecoder(store);

    @Test
    void forwardsAPrometheusBodyAsOneMessage() {
        InMemoryQueue queue = new InMemoryQueue(1024 * 1024);
        RemoteWriteForwarder forwarder = new RemoteWriteForwarder(queue, store, QueueAppendableOptions.defaults());
        byte[] body = PrometheusBodiesTest.resource("samples.snappy");

        RemoteWriteForwarder.Forwarded forwarded = forwarder.forward(body, LOWER_CASE_HEADERS);

        assertThat(forwarded).isEqualTo(new RemoteWriteForwarder.Forwarded("message-0", 353, 353, 0, false));
        assertThat(decoder.decode(queue.messages().get(0)).sampleCount()).isEqualTo(353);
        assertThat(store.list("")).isEmpty();
        assertThat(forwarder.requestsForwarded()).isEqualTo(1);
    }

    @Test
    void bodiesThatDoNotFitBecomeClaimChecks() {
        InMemoryQueue queue = new InMemoryQueue(4 * 1024);
        RemoteWriteForwarder forwarder = new RemoteWriteForwarder(queue, store,
                QueueAppendableOptions.defaults().withClaimCheckIds(() -> new UUID(0, 7)));
        byte[] body = PrometheusBodiesTest.resource("samples.snappy");

        RemoteWriteForwarder.Forwarded forwarded = forwarder.forward(body, Map.of());

        assertThat(forwarded.claimCheck()).isTrue();
        assertThat(store.list("claim-checks/")).containsExactly("claim-checks/00000000-0000-0000-0000-000000000007");
        assertThat(store.get("claim-checks/00000000-0000-0000-0000-000000000007")).hasValueSatisfying(
                stored -> assertThat(stored).isEqualTo(body));
        assertThat(decoder.decode(queue.messages().get(0)).sampleCount()).isEqualTo(353);
        assertThat(forwarder.claimChecksStored()).isEqualTo(1);
    }

    @Test
    void malformedRequestsAreRefusedBeforeAnythingIsEnqueued() {
        InMemoryQueue queue = new InMemoryQueue(1024 * 1024);
        RemoteWriteForwarder forwarder = new RemoteWriteForwarder(queue, store, QueueAppendableOptions.defaults());
        byte[] body = PrometheusBodiesTest.resource("samples.snappy");

        assertThatThrownBy(() -> forwarder.forward(new byte[] {1, 2, 3}, Map.of()))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SNAPPY));
        assertThatThrownBy(() -> forwarder.forward(Snappy.compress(new byte[] {0x0f}), Map.of()))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PROTOBUF));
        assertThatThrownBy(() -> forwarder.forward(body, Map.of("Content-Encoding", "zstd")))
                .isInstanceOfSatisfying(MalformedMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
        assertThat(queue.messages()).isEmpty();
        assertThat(forwarder.requestsRejected()).isEqualTo(3);
    }
}
