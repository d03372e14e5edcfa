package io.promless.remote;

import static java.util.Objects.requireNonNull;

import io.promless.ports.MessageQueue;
import io.promless.ports.ObjectStore;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Puts remote-write HTTP request bodies from Prometheus servers and agents on the queue as they
 * came: the Snappy body base64-encoded in one message, or as a claim check when it does not fit
 * (or is above the claim-check threshold). The body is decoded first, so a client sending
 * garbage gets its error synchronously (HTTP 400, as Prometheus answers) instead of the message
 * ending in the dead-letter queue. Thread-safe.
 */
public final class RemoteWriteForwarder {
    /** What was enqueued for one request. */
    public record Forwarded(String messageId, int series, long samples, int metadata, boolean claimCheck) {
        public Forwarded {
            requireNonNull(messageId, "messageId is null");
        }
    }

    private final PayloadSender sender;
    private final int claimCheckThresholdBytes;
    private final int maxDecodedBytes;
    private final LongAdder requestsForwarded = new LongAdder();
    private final LongAdder requestsRejected = new LongAdder();
    private final LongAdder claimChecksStored = new LongAdder();

    public RemoteWriteForwarder(MessageQueue queue, ObjectStore claimCheckStore, QueueAppendableOptions options) {
        this(queue, claimCheckStore, options, QueueMessageDecoder.DEFAULT_MAX_DECODED_BYTES);
    }

    public RemoteWriteForwarder(
            MessageQueue queue, ObjectStore claimCheckStore, QueueAppendableOptions options, int maxDecodedBytes) {
        requireNonNull(options, "options is null");
        if (maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes must be positive");
        }
        this.sender = new PayloadSender(queue, claimCheckStore, options.claimCheckIds());
        this.claimCheckThresholdBytes = options.claimCheckThresholdBytes();
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /**
     * Checks and enqueues one request.
     *
     * @param snappyBody the HTTP request body
     * @param headers the HTTP request headers; names are matched case-insensitively
     * @throws MalformedMessageException when the request can never be ingested (answer 400, or 415
     *     for {@link MalformedMessageException.Reason#UNSUPPORTED_FORMAT})
     * @throws RuntimeException from the queue or object store when enqueueing failed (answer 5xx
     *     so the client retries)
     */
    public Forwarded forward(byte[] snappyBody, Map<String, String> headers) {
        requireNonNull(snappyBody, "snappyBody is null");
        requireNonNull(headers, "headers is null");
        RemoteWriteRequest request;
        try {
            Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseInsensitive.putAll(headers);
            QueueMessageDecoder.checkFormat(caseInsensitive);
            request = QueueMessageDecoder.decodeCompressed(snappyBody, maxDecodedBytes);
        } catch (MalformedMessageException e) {
            requestsRejected.increment();
            throw e;
        }
        boolean claimCheck = snappyBody.length > claimCheckThresholdBytes || !sender.fitsInline(snappyBody);
        String messageId = claimCheck
                ? sender.sendClaimCheck(snappyBody, request.sampleCount())
                : sender.sendInline(snappyBody);
        if (claimCheck) {
            claimChecksStored.increment();
        }
        requestsForwarded.increment();
        return new Forwarded(messageId, request.timeseries().size(), request.sampleCount(),
                request.metadata().size(), claimCheck);
    }

    public long requestsForwarded() {
        return requestsForwarded.sum();
    }

    /** Requests refused as malformed or unsupported. */
    public long requestsRejected() {
        return requestsRejected.sum();
    }

    public long claimChecksStored() {
        return claimChecksStored.sum();
    }
}
