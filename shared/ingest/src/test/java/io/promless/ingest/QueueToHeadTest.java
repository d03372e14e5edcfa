package io.promless.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.Labels;
import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import io.promless.remote.QueueAppendable;
import io.promless.remote.QueueAppendableOptions;
import io.promless.storage.Appender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The sending half and the receiving half together: appender → queue → ingest → head. */
class QueueToHeadTest {
    @Test
    void everySampleAppendedArrivesInTheHeadOnceAcrossSplitAndClaimCheckedMessages() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        ListQueue queue = new ListQueue(8 * 1024);
        Appender appender = new QueueAppendable(queue, store, QueueAppendableOptions.defaults()).appender();
        Map<String, Integer> expectedSamples = new TreeMap<>();
        for (int s = 0; s < 500; s++) {
            Labels labels = Labels.of("__name__", "node_cpu_seconds_total", "cpu", Integer.toString(s), "mode", "idle");
            for (int i = 0; i < 4; i++) {
                appender.append(labels, 1_700_000_000_000L + i * 60_000L, s + i * 0.5);
            }
            expectedSamples.put(labels.toString(), 4);
        }
        Labels huge = Labels.of("__name__", "huge");
        for (int i = 0; i < 3_000; i++) {
            appender.append(huge, i * 1000L, Math.cos(i) * 1e9);
        }
        expectedSamples.put(huge.toString(), 3_000);
        appender.commit();

        RecordingHeadWriter head = new RecordingHeadWriter();
        BatchResult result = new IngestService(head, store).ingest(queue.messages);

        assertThat(queue.messages.size()).isGreaterThan(2);
        assertThat(store.list("claim-checks/")).hasSize(1);
        assertThat(result.allSucceeded()).isTrue();
        assertThat(result.samplesWritten()).isEqualTo(500 * 4 + 3_000);
        Map<String, Integer> written = new TreeMap<>();
        head.batches().values().forEach(batch -> batch.forEach(
                series -> written.merge(series.labels(), series.timestamps().size(), Integer::sum)));
        assertThat(written).isEqualTo(expectedSamples);
    }

    /** Minimal queue fake: keeps what is sent, enforcing the size limit. */
    private static final class ListQueue implements MessageQueue {
        private final int maxMessageBytes;
        private final List<QueueMessage> messages = new ArrayList<>();

        ListQueue(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        public String send(String body, Map<String, String> attributes) {
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                size += attribute.getKey().length() + "String".length() + attribute.getValue().length();
            }
            if (size > maxMessageBytes) {
                throw new IllegalArgumentException("message too large: " + size);
            }
            String id = "id-" + messages.size();
            messages.add(new QueueMessage(id, body, attributes, "r-" + id));
            return id;
        }

        @Override
        public int maxMessageBytes() {
            return maxMessageBytes;
        }

        @Override
        public List<QueueMessage> receive(int max, Duration wait) {
            return List.copyOf(messages.subList(0, Math.min(max, messages.size())));
        }

        @Override
        public void acknowledge(QueueMessage message) {
            messages.remove(message);
        }

        @Override
        public long depth() {
            return messages.size();
        }
    }
}
