package io.promless.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.StaleMarker;
import io.promless.model.labels.Labels;
import io.promless.ports.QueueMessage;
import io.promless.storage.Appender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class QueueAppendableTest {
    private static final int SQS_LIMIT = 1024 * 1024;

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final QueueMessageDecoder decoder = new QueueMessageDecoder(store);

    @Test
    void smallBatchIsOneMessageWithRemoteWriteAttributes() {
        InMemoryQueue queue = new InMemoryQueue(SQS_LIMIT);
        QueueAppendable appendable = new QueueAppendable(queue, store, QueueAppendableOptions.defaults());
        QueueAppendable.QueueAppender appender = appendable.appender();
        appender.appendMetadata(new MetricMetadata("up", MetricType.GAUGE, "Target up.", ""));
        appender.append(Labels.of("__name__", "up", "job", "a"), 1000, 1);
        appender.append(Labels.of("__name__", "up", "job", "b"), 1000, 0);
        appender.append(Labels.of("__name__", "up", "job", "a"), 2000, StaleMarker.VALUE);
        appender.commit();

        assertThat(queue.messages()).hasSize(1);
        QueueMessage message = queue.messages().get(0);
        assertThat(message.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Content-Encoding", "snappy",
                "Content-Type", "application/x-protobuf",
                "X-Prometheus-Remote-Write-Version", "0.1.0"));
        assertThat(appender.sentMessageIds()).containsExactly(message.id());
        RemoteWriteRequest request = decoder.decode(message);
        assertThat(request.metadata()).containsExactly(new MetricMetadata("up", MetricType.GAUGE, "Target up.", ""));
        assertThat(request.timeseries()).hasSize(2);
        RemoteTimeSeries a = request.timeseries().get(0);
        assertThat(a.labelValues()).containsExactly("up", "a");
        assertThat(a.timestamps()).containsExactly(1000L, 2000L);
        assertThat(RemoteWriteCodecTest.bits(a.values()))
                .containsExactly(Double.doubleToRawLongBits(1), StaleMarker.BITS);
        assertThat(appendable.messagesSent()).isEqualTo(1);
        assertThat(appendable.samplesSent()).isEqualTo(3);
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void largeBatchIsSplitBySeriesSoEveryMessageFits() {
        int limit = 4 * 1024;
        InMemoryQueue queue = new InMemoryQueue(limit);
        QueueAppendable appendable = new QueueAppendable(queue, store, QueueAppendableOptions.defaults());
        Appender appender = appendable.appender();
        Map<Labels, List<Long>> expected = appendRandomishSeries(appender, 2_000, 3);
        appender.commit();

        List<QueueMessage> messages = queue.messages();
        assertThat(messages.size()).isGreaterThan(5);
        assertThat(store.list("")).as("no claim checks needed when series fit").isEmpty();
        for (QueueMessage message : messages) {
            assertThat(messageBytes(message)).isLessThanOrEqualTo(limit);
        }
        assertThat(decodeAll(messages)).isEqualTo(expected);
        assertThat(appendable.samplesSent()).isEqualTo(6_000);
        // The ratio-based first cut keeps messages reasonably full (not one series per message).
        double averageFill = messages.stream().mapToInt(QueueAppendableTest::messageBytes).average().orElseThrow();
        assertThat(averageFill).isGreaterThan(limit * 0.4);
    }

    @Test
    void seriesTooLargeForAnyMessageGoesToAClaimCheck() {
        int limit = 2 * 1024;
        InMemoryQueue queue = new InMemoryQueue(limit);
        QueueAppendable appendable = new QueueAppendable(queue, store,
                QueueAppendableOptions.defaults().withClaimCheckIds(sequentialIds()));
        Appender appender = appendable.appender();
        Labels big = Labels.of("__name__", "big", "job", "x");
        Map<Labels, List<Long>> expected = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            // Values that do not compress well, so the series cannot fit in 2 KiB.
            appender.append(big, i * 15_000L, Math.sin(i) * 1e6);
            expected.computeIfAbsent(big, k -> new ArrayList<>()).add(i * 15_000L);
        }
        Labels small = Labels.of("__name__", "small");
        appender.append(small, 1, 1);
        expected.put(small, List.of(1L));
        appender.commit();

        assertThat(store.list("claim-checks/")).containsExactly("claim-checks/00000000-0000-0000-0000-000000000001");
        QueueMessage pointer = queue.messages().stream()
                .filter(m -> m.attributes().containsKey("Promless-Claim-Check")).findFirst().orElseThrow();
        assertThat(pointer.attributes()).containsEntry("Promless-Claim-Check", store.list("").get(0));
        assertThat(pointer.body()).startsWith("{\"claimCheck\":\"claim-checks/");
        assertThat(decodeAll(queue.messages())).isEqualTo(expected);
        assertThat(appendable.claimChecksStored()).isEqualTo(1);
    }

    @Test
    void batchAboveTheThresholdIsOneClaimCheckInsteadOfManyMessages() {
        InMemoryQueue queue = new InMemoryQueue(4 * 1024);
        QueueAppendable appendable = new QueueAppendable(queue, store,
                QueueAppendableOptions.defaults().withClaimCheckThresholdBytes(8 * 1024));
        Appender appender = appendable.appender();
        Map<Labels, List<Long>> expected = appendRandomishSeries(appender, 2_000, 3);
        appender.commit();

        assertThat(queue.messages()).hasSize(1);
        assertThat(store.list("claim-checks/")).hasSize(1);
        assertThat(decodeAll(queue.messages())).isEqualTo(expected);
    }

    @Test
    void failedSendsAreReportedWithWhatWasSent() {
        InMemoryQueue queue = new InMemoryQueue(4 * 1024, List.of(1));
        QueueAppendable appendable = new QueueAppendable(queue, store, QueueAppendableOptions.defaults());
        QueueAppendable.QueueAppender appender = appendable.appender();
        appendRandomishSeries(appender, 2_000, 1);

        assertThatThrownBy(appender::commit)
                .isInstanceOfSatisfying(QueueSendException.class, e -> {
                    assertThat(appendable.samplesSent()).isEqualTo(2_000 - e.failedSamples());
                    assertThat(e.failedMessages()).isEqualTo(1);
                    assertThat(e.failedSamples()).isPositive();
                    assertThat(e.sentMessageIds()).isEqualTo(queue.messages().stream().map(QueueMessage::id).toList());
                    assertThat(e.sentMessageIds()).doesNotContain("message-1").contains("message-0", "message-2");
                    assertThat(e.getMessage()).contains("queue refused send 1");
                });
        assertThat(appendable.messagesFailed()).isEqualTo(1);
        assertThat(appendable.samplesSent()).isEqualTo(sampleCount(queue.messages()));
    }

    @Test
    void emptyBatchAndRollbackSendNothing() {
        InMemoryQueue queue = new InMemoryQueue(SQS_LIMIT);
        QueueAppendable appendable = new QueueAppendable(queue, store, QueueAppendableOptions.defaults());
        appendable.appender().commit();
        Appender rolledBack = appendable.appender();
        rolledBack.append(Labels.of("__name__", "up"), 1, 1);
        rolledBack.rollback();
        assertThat(queue.messages()).isEmpty();
        assertThatThrownBy(() -> rolledBack.append(Labels.of("__name__", "up"), 2, 1))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(rolledBack::commit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void metadataOnlyBatchIsSent() {
        InMemoryQueue queue = new InMemoryQueue(SQS_LIMIT);
        Appender appender = new QueueAppendable(queue, store, QueueAppendableOptions.defaults()).appender();
        appender.appendMetadata(new MetricMetadata("x", MetricType.COUNTER, "h", "u"));
        appender.commit();
        assertThat(decoder.decode(queue.messages().get(0)).metadata())
                .containsExactly(new MetricMetadata("x", MetricType.COUNTER, "h", "u"));
    }

    private long sampleCount(List<QueueMessage> messages) {
        long samples = 0;
        for (QueueMessage message : messages) {
            samples += decoder.decode(message).sampleCount();
        }
        return samples;
    }

    private Map<Labels, List<Long>> decodeAll(List<QueueMessage> messages) {
        Map<Labels, List<Long>> decoded = new HashMap<>();
        for (QueueMessage message : messages) {
            for (RemoteTimeSeries series : decoder.decode(message).timeseries()) {
                Labels.Builder builder = Labels.builder();
                for (int i = 0; i < series.labelCount(); i++) {
                    builder.set(series.labelNames()[i], series.labelValues()[i]);
                }
                List<Long> timestamps = decoded.computeIfAbsent(builder.build(), k -> new ArrayList<>());
                for (long timestamp : series.timestamps()) {
                    timestamps.add(timestamp);
                }
            }
        }
        return decoded;
    }

    private static Map<Labels, List<Long>> appendRandomishSeries(Appender appender, int seriesCount, int samples) {
        Map<Labels, List<Long>> expected = new HashMap<>();
        for (int s = 0; s < seriesCount; s++) {
            Labels labels = Labels.of("__name__", "metric_" + (s % 7), "instance", "host-" + s + ":9100", "job", "node");
            for (int i = 0; i < samples; i++) {
                long timestamp = 1_700_000_000_000L + i * 15_000L;
                appender.append(labels, timestamp, s * 1.25 + i);
                expected.computeIfAbsent(labels, k -> new ArrayList<>()).add(timestamp);
            }
        }
        return expected;
    }

    private static int messageBytes(QueueMessage message) {
        return message.body().getBytes(StandardCharsets.UTF_8).length + QueueAppendable.attributeBytes(message.attributes());
    }

    private static Supplier<UUID> sequentialIds() {
        AtomicLong next = new AtomicLong();
        return () -> new UUID(0, next.incrementAndGet());
    }
}
