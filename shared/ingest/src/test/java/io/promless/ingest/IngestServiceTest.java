package io.promless.ingest;

import static io.promless.ingest.Messages.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.StaleMarker;
import io.promless.ports.ObjectStore;
import io.promless.ports.QueueMessage;
import io.promless.remote.RemoteWriteEncoder;
import io.promless.remote.RemoteWriteRequest;
import io.promless.remote.Snappy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
    private final RecordingHeadWriter head = new RecordingHeadWriter();
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final IngestService service = new IngestService(head, store);

    @Test
    void writesEachMessageUnderItsOwnIdWithValidatedSeries() {
        QueueMessage first = Messages.remoteWrite("m-1",
                series(new String[] {"job", "node", "__name__", "up"}, new long[] {2000, 1000}, new double[] {1, StaleMarker.VALUE}));
        QueueMessage second = Messages.remoteWrite("m-2",
                series(new String[] {"__name__", "x"}, new long[] {5}, new double[] {Double.NaN}));

        BatchResult result = service.ingest(List.of(first, second));

        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.messagesOk()).isEqualTo(2);
        assertThat(result.samplesWritten()).isEqualTo(3);
        assertThat(result.seriesWritten()).isEqualTo(2);
        assertThat(head.writeCalls()).containsExactly("m-1", "m-2");
        assertThat(head.batches().get("m-1")).containsExactly(new RecordingHeadWriter.StoredSeries(
                "{__name__=\"up\", job=\"node\"}", List.of(1000L, 2000L),
                List.of(StaleMarker.BITS, Double.doubleToRawLongBits(1))));
        assertThat(service.messagesIngested()).isEqualTo(2);
        assertThat(service.samplesIngested()).isEqualTo(3);
        assertThat(service.messagesFailed()).isZero();
    }

    @Test
    void oneUndecodableMessageNeverBlocksTheOthers() {
        QueueMessage good = Messages.remoteWrite("good", series("__name__", "up"));
        QueueMessage badBase64 = Messages.body("bad-base64", "***");
        QueueMessage badSnappy = Messages.body("bad-snappy", Base64.getEncoder().encodeToString(
                "not snappy at all".getBytes(StandardCharsets.UTF_8)));
        QueueMessage badProtobuf = Messages.body("bad-protobuf", Base64.getEncoder().encodeToString(
                Snappy.compress(new byte[] {0x0a, 0x7f})));
        QueueMessage missingClaim = Messages.withAttributes("missing-claim", "{\"claimCheck\":\"claim-checks/none\"}", Map.of());
        QueueMessage alsoGood = Messages.remoteWrite("also-good", series("__name__", "down"));

        BatchResult result = service.ingest(List.of(good, badBase64, badSnappy, badProtobuf, missingClaim, alsoGood));

        assertThat(result.failures())
                .extracting(MessageFailure::messageId, MessageFailure::kind)
                .containsExactly(
                        tuple("bad-base64", FailureKind.UNDECODABLE),
                        tuple("bad-snappy", FailureKind.UNDECODABLE),
                        tuple("bad-protobuf", FailureKind.UNDECODABLE),
                        tuple("missing-claim", FailureKind.UNDECODABLE));
        assertThat(result.failures()).extracting(MessageFailure::detail).satisfiesExactly(
                detail -> assertThat(detail).contains("BAD_BASE64"),
                detail -> assertThat(detail).contains("BAD_SNAPPY"),
                detail -> assertThat(detail).contains("BAD_PROTOBUF"),
                detail -> assertThat(detail).contains("MISSING_CLAIM_CHECK", "claim-checks/none"));
        assertThat(result.failedMessageIds()).doesNotContain("good", "also-good");
        assertThat(head.batchIds()).containsExactlyInAnyOrder("good", "also-good");
        assertThat(result.messagesOk()).isEqualTo(2);
        assertThat(service.messagesFailed()).isEqualTo(4);
        assertThat(service.messagesUndecodable()).isEqualTo(4);
    }

    @Test
    void headOutagesAreTransientAndRetryingSucceeds() {
        head.failBatch("m-2", () -> new IllegalStateException("DynamoDB throttled"));
        QueueMessage first = Messages.remoteWrite("m-1", series("__name__", "a"));
        QueueMessage second = Messages.remoteWrite("m-2", series("__name__", "b"));

        BatchResult result = service.ingest(List.of(first, second));

        assertThat(result.failures()).containsExactly(
                new MessageFailure("m-2", FailureKind.TRANSIENT, "IllegalStateException: DynamoDB throttled"));
        assertThat(head.batchIds()).containsExactly("m-1");

        head.heal();
        BatchResult retried = service.ingest(List.of(second));
        assertThat(retried.allSucceeded()).isTrue();
        assertThat(head.batchIds()).containsExactlyInAnyOrder("m-1", "m-2");
        assertThat(service.messagesFailed()).isEqualTo(1);
        assertThat(service.messagesUndecodable()).isZero();
    }

    @Test
    void badDataRefusedByTheHeadIsUndecodable() {
        head.failBatch("m-1", () -> new PromlessException(ErrorType.BAD_DATA, "sample too old"));
        BatchResult result = service.ingest(List.of(Messages.remoteWrite("m-1", series("__name__", "a"))));
        assertThat(result.failures()).extracting(MessageFailure::kind).containsExactly(FailureKind.UNDECODABLE);
    }

    @Test
    void claimCheckStoreOutageIsTransient() {
        ObjectStore unavailable = new ObjectStore() {
            @Override
            public void put(String key, byte[] data) {}

            @Override
            public Optional<byte[]> get(String key) {
                throw new IllegalStateException("S3 503 Slow Down");
            }

            @Override
            public void delete(String key) {}

            @Override
            public List<String> list(String prefix) {
                return List.of();
            }
        };
        IngestService withOutage = new IngestService(head, unavailable);
        QueueMessage pointer = Messages.withAttributes("m-1", "{}", Map.of("Promless-Claim-Check", "claim-checks/a"));
        BatchResult result = withOutage.ingest(List.of(pointer));
        assertThat(result.failures()).extracting(MessageFailure::kind).containsExactly(FailureKind.TRANSIENT);
    }

    @Test
    void claimCheckMessagesAreResolvedThroughTheStore() {
        byte[] protobuf = RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(
                series(new String[] {"__name__", "big"}, new long[] {1, 2, 3}, new double[] {1, 2, 3})), List.of()));
        store.put("claim-checks/abc", Snappy.compress(protobuf));
        QueueMessage pointer = Messages.withAttributes("m-1", "{\"claimCheck\":\"claim-checks/abc\"}",
                Map.of("Promless-Claim-Check", "claim-checks/abc", "Content-Encoding", "snappy"));
        BatchResult result = service.ingest(List.of(pointer));
        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.samplesWritten()).isEqualTo(3);
        assertThat(store.get("claim-checks/abc")).as("kept for redeliveries; a lifecycle rule expires it").isPresent();
    }

    @Test
    void redeliveredMessageRewritesTheSameBatchWithTheSameContent() {
        QueueMessage message = Messages.remoteWrite("m-1",
                series(new String[] {"__name__", "up", "job", "a"}, new long[] {3, 1, 2, 2}, new double[] {3, 1, 2, 2}),
                series(new String[] {"__name__", "up", "job", "b"}, new long[] {1}, new double[] {StaleMarker.VALUE}));
        service.ingest(List.of(message));
        Map<String, List<RecordingHeadWriter.StoredSeries>> afterFirst = head.batches();

        // SQS redelivers with the same MessageId and a new receipt handle.
        QueueMessage redelivery = new QueueMessage(message.id(), message.body(), message.attributes(), "receipt-2");
        BatchResult second = service.ingest(List.of(redelivery));

        assertThat(second.allSucceeded()).isTrue();
        assertThat(head.writeCalls()).containsExactly("m-1", "m-1");
        assertThat(head.batches()).isEqualTo(afterFirst);
    }

    @Test
    void invalidSeriesAreDroppedAndCountedWhileValidOnesInTheSameMessageAreWritten() {
        QueueMessage message = Messages.remoteWrite("m-1",
                series("__name__", "ok"),
                series("__name__", "dup", "job", "a", "job", "b"),
                series("job", "no_name"),
                series(new String[] {"__name__", "ok2"}, new long[] {1, 1}, new double[] {1, 2}));

        BatchResult result = service.ingest(List.of(message));

        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.seriesWritten()).isEqualTo(2);
        assertThat(result.seriesRejected()).isEqualTo(2);
        assertThat(result.samplesRejected()).isEqualTo(3);
        assertThat(head.batches().get("m-1")).extracting(RecordingHeadWriter.StoredSeries::labels)
                .containsExactly("{__name__=\"ok\"}", "{__name__=\"ok2\"}");
        assertThat(service.seriesRejected()).isEqualTo(2);
        assertThat(service.samplesRejected()).isEqualTo(3);
    }

    @Test
    void messageWithNothingValidIsAcknowledgedWithoutAWrite() {
        BatchResult result = service.ingest(List.of(
                Messages.remoteWrite("m-1", series("job", "no_name")),
                Messages.remoteWrite("m-2")));
        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.messagesOk()).isEqualTo(2);
        assertThat(head.writeCalls()).isEmpty();
    }

    @Test
    void ingestsARequestARealPrometheusSent() throws Exception {
        byte[] body;
        try (var in = IngestServiceTest.class.getResourceAsStream("/prometheus-2.42/samples.snappy")) {
            body = in.readAllBytes();
        }
        BatchResult result = service.ingest(List.of(Messages.body("prom-1", Base64.getEncoder().encodeToString(body))));
        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.seriesWritten()).isEqualTo(353);
        assertThat(result.samplesWritten()).isEqualTo(353);
        assertThat(result.seriesRejected()).isZero();
        assertThat(head.batches().get("prom-1")).extracting(RecordingHeadWriter.StoredSeries::labels)
                .contains("{__name__=\"up\", instance=\"127.0.0.1:19391\", job=\"prometheus\"}");
    }

    @Test
    void metadataIsKeptAndAFailedMetadataWriteFailsOnlyItsMessage() {
        io.promless.model.MetricMetadata upMetadata =
                new io.promless.model.MetricMetadata("up", io.promless.model.MetricType.GAUGE, "1 if the target answered", "");
        java.util.function.Function<String, QueueMessage> withMetadata = id -> Messages.body(id, java.util.Base64.getEncoder()
                .encodeToString(io.promless.remote.Snappy.compress(RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(
                        series(new String[] {"__name__", "up"}, new long[] {1}, new double[] {1})), List.of(upMetadata))))));
        io.promless.storage.InMemoryMetadataStore kept = new io.promless.storage.InMemoryMetadataStore();
        IngestService keeping = new IngestService(head, new io.promless.remote.QueueMessageDecoder(store), kept);
        assertThat(keeping.ingest(List.of(withMetadata.apply("m-1"))).allSucceeded()).isTrue();
        assertThat(kept.get("up", -1, -1).get("up")).containsExactly(upMetadata);

        io.promless.storage.MetadataStore failing = new io.promless.storage.MetadataStore() {
            @Override
            public void put(List<io.promless.model.MetricMetadata> metadata) {
                throw new IllegalStateException("DynamoDB throttled");
            }

            @Override
            public Map<String, List<io.promless.model.MetricMetadata>> get(String metric, int limit, int limitPerMetric) {
                return Map.of();
            }
        };
        IngestService failingMetadata = new IngestService(head, new io.promless.remote.QueueMessageDecoder(store), failing);
        QueueMessage plain = Messages.remoteWrite("m-3", series(new String[] {"__name__", "x"}, new long[] {1}, new double[] {1}));
        BatchResult result = failingMetadata.ingest(List.of(withMetadata.apply("m-2"), plain));
        assertThat(result.failures()).extracting(MessageFailure::messageId).containsExactly("m-2");
        assertThat(result.failures()).extracting(MessageFailure::kind).containsExactly(FailureKind.TRANSIENT);
    }
}
