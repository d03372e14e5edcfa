package io.promless.ingest;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.MetricMetadata;
import io.promless.ports.ObjectStore;
import io.promless.ports.QueueMessage;
import io.promless.remote.MalformedMessageException;
import io.promless.remote.QueueMessageDecoder;
import io.promless.remote.RemoteWriteRequest;
import io.promless.storage.MetadataStore;
import io.promless.tsdb.head.HeadWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ingests a batch of queue messages into the head: decode (resolving claim checks), validate
 * by Prometheus's rules, then {@code headWriter.write(messageId, series)} once per message, so
 * a redelivered message rewrites the same segments and ingest stays idempotent.
 *
 * <p>Each message succeeds or fails on its own; one bad message never blocks the others. A
 * message that can never be ingested (malformed, or refused by the head as bad data) fails as
 * {@link FailureKind#UNDECODABLE}: the Lambda handler reports it as a batch item failure and the
 * queue's redrive policy moves it to the dead-letter queue. Any other exception (head store or
 * object store unavailable) fails the message as {@link FailureKind#TRANSIENT}, to be retried.
 * Invalid series inside a valid message are dropped, logged and counted; the rest is written.
 *
 * <p>Not done yet: metadata entries are decoded but not stored (the head has no port for them),
 * native histogram samples are skipped and counted ({@link #unsupportedSamplesSkipped()}),
 * exemplars are skipped, and samples far in the future are not refused (Prometheus refuses
 * those more than 10 minutes ahead; that needs the current time as an argument).
 *
 * <p>Messages are processed in order on the calling thread. Thread-safe: concurrent calls
 * share only the counters.
 */
public final class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class.getName());

    private final HeadWriter headWriter;
    private final QueueMessageDecoder decoder;
    private final Consumer<List<MetricMetadata>> metadataSink;
    private final LongAdder messagesIngested = new LongAdder();
    private final LongAdder messagesFailed = new LongAdder();
    private final LongAdder messagesUndecodable = new LongAdder();
    private final LongAdder samplesIngested = new LongAdder();
    private final LongAdder seriesRejected = new LongAdder();
    private final LongAdder samplesRejected = new LongAdder();
    private final LongAdder duplicateSamplesDropped = new LongAdder();
    private final LongAdder unsupportedSamplesSkipped = new LongAdder();

    public IngestService(HeadWriter headWriter, ObjectStore claimCheckStore) {
        this(headWriter, new QueueMessageDecoder(requireNonNull(claimCheckStore, "claimCheckStore is null")));
    }

    /** For a decoder with a non-default size limit. */
    public IngestService(HeadWriter headWriter, QueueMessageDecoder decoder) {
        this.headWriter = requireNonNull(headWriter, "headWriter is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.metadataSink = metadata -> {};
    }

    /** Also keeps the HELP/TYPE/UNIT metadata that messages carry, for /api/v1/metadata. */
    public IngestService(HeadWriter headWriter, QueueMessageDecoder decoder, MetadataStore metadataStore) {
        this.headWriter = requireNonNull(headWriter, "headWriter is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.metadataSink = requireNonNull(metadataStore, "metadataStore is null")::put;
    }

    public BatchResult ingest(List<QueueMessage> messages) {
        requireNonNull(messages, "messages is null");
        Totals totals = new Totals();
        for (QueueMessage message : messages) {
            ingestOne(requireNonNull(message, "message is null"), totals);
        }
        return new BatchResult(totals.messagesOk, totals.series, totals.samples, totals.seriesRejected,
                totals.samplesRejected, totals.duplicates, totals.failures);
    }

    private void ingestOne(QueueMessage message, Totals totals) {
        ValidatedRequest validated;
        RemoteWriteRequest request;
        try {
            request = decoder.decode(message);
            unsupportedSamplesSkipped.add(request.histogramsSkipped());
            validated = SeriesValidator.validate(request);
        } catch (MalformedMessageException e) {
            fail(message, FailureKind.UNDECODABLE, e, totals);
            return;
        } catch (RuntimeException e) {
            fail(message, FailureKind.TRANSIENT, e, totals);
            return;
        }
        try {
            if (!validated.series().isEmpty()) {
                headWriter.write(message.id(), validated.series());
            }
            // After the samples: a failed metadata write fails only this message, which is
            // redelivered and rewrites the same segments.
            if (!request.metadata().isEmpty()) {
                metadataSink.accept(request.metadata());
            }
        } catch (PromlessException e) {
            fail(message, e.type() == ErrorType.BAD_DATA ? FailureKind.UNDECODABLE : FailureKind.TRANSIENT, e, totals);
            return;
        } catch (RuntimeException e) {
            fail(message, FailureKind.TRANSIENT, e, totals);
            return;
        }
        if (validated.seriesRejected() > 0 || validated.samplesRejected() > 0) {
            LOG.warning(() -> "message " + message.id() + ": " + validated.seriesRejected() + " series and "
                    + validated.samplesRejected() + " samples rejected; first reasons: " + validated.rejections());
        }
        messagesIngested.increment();
        samplesIngested.add(validated.samples());
        seriesRejected.add(validated.seriesRejected());
        samplesRejected.add(validated.samplesRejected());
        duplicateSamplesDropped.add(validated.duplicateSamplesDropped());
        totals.messagesOk++;
        totals.series += validated.series().size();
        totals.samples += validated.samples();
        totals.seriesRejected += validated.seriesRejected();
        totals.samplesRejected += validated.samplesRejected();
        totals.duplicates += validated.duplicateSamplesDropped();
    }

    private void fail(QueueMessage message, FailureKind kind, RuntimeException cause, Totals totals) {
        messagesFailed.increment();
        if (kind == FailureKind.UNDECODABLE) {
            messagesUndecodable.increment();
        }
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        LOG.log(Level.WARNING, () -> "message " + message.id() + " not ingested (" + kind + "): " + detail);
        totals.failures.add(new MessageFailure(message.id(), kind, detail));
    }

    /** Messages written to the head. */
    public long messagesIngested() {
        return messagesIngested.sum();
    }

    /** Messages not ingested, undecodable and transient alike (one count per delivery). */
    public long messagesFailed() {
        return messagesFailed.sum();
    }

    /** The undecodable part of {@link #messagesFailed()}. */
    public long messagesUndecodable() {
        return messagesUndecodable.sum();
    }

    public long samplesIngested() {
        return samplesIngested.sum();
    }

    public long seriesRejected() {
        return seriesRejected.sum();
    }

    public long samplesRejected() {
        return samplesRejected.sum();
    }

    public long duplicateSamplesDropped() {
        return duplicateSamplesDropped.sum();
    }

    /** Native histogram samples received but not stored (Promless keeps float samples only so far). */
    public long unsupportedSamplesSkipped() {
        return unsupportedSamplesSkipped.sum();
    }

    /** Per-call tallies; the LongAdders above are the process-wide view. */
    private static final class Totals {
        private final List<MessageFailure> failures = new ArrayList<>();
        private int messagesOk;
        private long series;
        private long samples;
        private long seriesRejected;
        private long samplesRejected;
        private long duplicates;
    }
}
