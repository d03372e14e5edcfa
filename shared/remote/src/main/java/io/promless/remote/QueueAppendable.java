package io.promless.remote;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import io.promless.ports.MessageQueue;
import io.promless.ports.ObjectStore;
import io.promless.storage.Appendable;
import io.promless.storage.Appender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes batches to the queue as Prometheus remote-write 1.0 requests: on commit, each batch
 * becomes one or more messages whose body is base64 of a Snappy-compressed protobuf
 * WriteRequest, with the remote-write headers as message attributes. Batches are split by
 * series so every message fits {@link MessageQueue#maxMessageBytes()}; a series that cannot fit
 * alone, or a batch above the claim-check threshold, is stored under {@code claim-checks/<uuid>}
 * and the message carries only a pointer to it (attribute {@code Promless-Claim-Check} plus a
 * small JSON body). Metadata entries are encoded ahead of the series, so they travel in the
 * first message(s) of a batch.
 *
 * <p>Claim-check objects are not deleted by the consumer (a redelivered message needs them);
 * an object-store lifecycle rule on the prefix expires them. Thread-safe; each appender is
 * single-threaded.
 */
public final class QueueAppendable implements Appendable {
    private static final Logger LOG = Logger.getLogger(QueueAppendable.class.getName());
    private final PayloadSender sender;
    private final int claimCheckThresholdBytes;
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder claimChecksStored = new LongAdder();
    private final LongAdder samplesSent = new LongAdder();
    private final LongAdder messagesFailed = new LongAdder();

    public QueueAppendable(MessageQueue queue, ObjectStore claimCheckStore, QueueAppendableOptions options) {
        requireNonNull(options, "options is null");
        this.sender = new PayloadSender(queue, claimCheckStore, options.claimCheckIds());
        this.claimCheckThresholdBytes = options.claimCheckThresholdBytes();
    }

    /** With {@link QueueAppendableOptions#defaults()}. */
    public QueueAppendable(MessageQueue queue, ObjectStore claimCheckStore) {
        this(queue, claimCheckStore, QueueAppendableOptions.defaults());
    }

    @Override
    public QueueAppender appender() {
        return new QueueAppender();
    }

    /** Messages the queue accepted (claim-check pointers included). */
    public long messagesSent() {
        return messagesSent.sum();
    }

    public long claimChecksStored() {
        return claimChecksStored.sum();
    }

    /** Samples in accepted messages. */
    public long samplesSent() {
        return samplesSent.sum();
    }

    /** Messages the queue or the object store refused. */
    public long messagesFailed() {
        return messagesFailed.sum();
    }

    /** The attributes every message carries, as a remote-write HTTP request carries headers. */
    public static Map<String, String> remoteWriteAttributes() {
        return PayloadSender.attributes();
    }

    /** Bytes a message's attributes count against the queue's size limit (as SQS counts them). */
    public static int attributeBytes(Map<String, String> attributes) {
        return PayloadSender.attributeBytes(attributes);
    }

    /** One batch. After {@link #commit()}, {@link #sentMessageIds()} lists what the queue accepted. */
    public final class QueueAppender implements Appender {
        private final Map<Labels, SampleBuffer> series = new LinkedHashMap<>();
        private final Map<String, MetricMetadata> metadata = new LinkedHashMap<>();
        private final List<String> sentMessageIds = new ArrayList<>();
        private boolean finished;

        private QueueAppender() {}

        @Override
        public void append(Labels labels, long timestamp, double value) {
            requireNonNull(labels, "labels is null");
            checkOpen();
            series.computeIfAbsent(labels, ignored -> new SampleBuffer()).add(timestamp, value);
        }

        @Override
        public void appendMetadata(MetricMetadata metricMetadata) {
            requireNonNull(metricMetadata, "metadata is null");
            checkOpen();
            metadata.put(metricMetadata.metricFamilyName(), metricMetadata);
        }

        /**
         * Sends the batch. Every message is attempted even after one fails.
         *
         * @throws QueueSendException when any message was not accepted; it lists those that were
         */
        @Override
        public void commit() {
            checkOpen();
            finished = true;
            List<RemoteWritePacker.Field> fields = new ArrayList<>(metadata.size() + series.size());
            for (MetricMetadata entry : metadata.values()) {
                fields.add(new RemoteWritePacker.Field(RemoteWriteEncoder.metadataField(entry), 0));
            }
            for (Map.Entry<Labels, SampleBuffer> entry : series.entrySet()) {
                RemoteTimeSeries wire = entry.getValue().toWire(entry.getKey());
                fields.add(new RemoteWritePacker.Field(RemoteWriteEncoder.timeSeriesField(wire), wire.sampleCount()));
            }
            series.clear();
            metadata.clear();
            List<RemoteWritePacker.Payload> payloads =
                    new RemoteWritePacker(sender.bodyBudget(), claimCheckThresholdBytes).pack(fields);
            RuntimeException firstFailure = null;
            int failed = 0;
            long failedSamples = 0;
            for (RemoteWritePacker.Payload payload : payloads) {
                try {
                    sentMessageIds.add(send(payload));
                    messagesSent.increment();
                    samplesSent.add(payload.samples());
                } catch (RuntimeException e) {
                    messagesFailed.increment();
                    failed++;
                    failedSamples += payload.samples();
                    if (firstFailure == null) {
                        firstFailure = e;
                    } else {
                        firstFailure.addSuppressed(e);
                    }
                    LOG.log(Level.WARNING, () -> "remote-write message of " + payload.samples() + " samples not sent: " + e);
                }
            }
            if (firstFailure != null) {
                throw new QueueSendException(sentMessageIds, failed, failedSamples, firstFailure);
            }
        }

        @Override
        public void rollback() {
            checkOpen();
            finished = true;
            series.clear();
            metadata.clear();
        }

        /** Ids of the messages the queue accepted in {@link #commit()}, in send order. */
        public List<String> sentMessageIds() {
            return List.copyOf(sentMessageIds);
        }

        private String send(RemoteWritePacker.Payload payload) {
            if (!payload.claimCheck()) {
                return sender.sendInline(payload.compressed());
            }
            String id = sender.sendClaimCheck(payload.compressed(), payload.samples());
            claimChecksStored.increment();
            return id;
        }

        private void checkOpen() {
            if (finished) {
                throw new IllegalStateException("appender already committed or rolled back");
            }
        }
    }

    /** Samples of one series in append order. */
    private static final class SampleBuffer {
        private long[] timestamps = new long[4];
        private double[] values = new double[4];
        private int size;

        void add(long timestamp, double value) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            timestamps[size] = timestamp;
            values[size] = value;
            size++;
        }

        RemoteTimeSeries toWire(Labels labels) {
            String[] names = new String[labels.size()];
            String[] labelValues = new String[labels.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = labels.name(i);
                labelValues[i] = labels.value(i);
            }
            return new RemoteTimeSeries(
                    names, labelValues, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size), true);
        }
    }
}
