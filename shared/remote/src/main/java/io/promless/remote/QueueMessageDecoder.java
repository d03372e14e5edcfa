package io.promless.remote;

import static io.promless.remote.RemoteWriteProtocol.CLAIM_CHECK_ATTRIBUTE;
import static io.promless.remote.RemoteWriteProtocol.CONTENT_ENCODING;
import static io.promless.remote.RemoteWriteProtocol.CONTENT_TYPE;
import static io.promless.remote.RemoteWriteProtocol.PROTOBUF;
import static io.promless.remote.RemoteWriteProtocol.SNAPPY;
import static io.promless.remote.RemoteWriteProtocol.VERSION_1;
import static io.promless.remote.RemoteWriteProtocol.VERSION_HEADER;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.promless.ports.ObjectStore;
import io.promless.ports.QueueMessage;
import io.promless.remote.MalformedMessageException.Reason;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a queue message written by {@link QueueAppendable} (or by the remote-write receiver)
 * back into a {@link RemoteWriteRequest}. The body is base64 of a Snappy-compressed protobuf
 * WriteRequest, or, for a claim check, a pointer to an object holding the Snappy bytes.
 *
 * <p>Input that can never decode raises {@link MalformedMessageException}; a failing object
 * store raises whatever the store throws, which callers treat as transient. Thread-safe.
 *
 * <p>It remembers the label sets of the messages it decoded (bounded, see {@link LabelSetCache}),
 * so one decoder should live as long as the process, not one message.
 */
public final class QueueMessageDecoder {
    /** Default cap on a decompressed request; Prometheus's own receiver also caps at 32 MiB per HTTP request. */
    public static final int DEFAULT_MAX_DECODED_BYTES = 256 * 1024 * 1024;

    private static final Pattern POINTER_KEY = Pattern.compile("\"claimCheck\"\\s*:\\s*\"([^\"]+)\"");

    private final ObjectStore claimCheckStore;
    private final int maxDecodedBytes;
    // Label sets of earlier messages: scrapes repeat them, so decoding them once saves most of the work.
    private final Queue<LabelSetCache> labelCaches = new ConcurrentLinkedQueue<>();

    public QueueMessageDecoder(ObjectStore claimCheckStore) {
        this(claimCheckStore, DEFAULT_MAX_DECODED_BYTES);
    }

    public QueueMessageDecoder(ObjectStore claimCheckStore, int maxDecodedBytes) {
        this.claimCheckStore = requireNonNull(claimCheckStore, "claimCheckStore is null");
        if (maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes must be positive");
        }
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /** @throws MalformedMessageException when the message can never be decoded */
    public RemoteWriteRequest decode(QueueMessage message) {
        requireNonNull(message, "message is null");
        checkFormat(message.attributes());
        byte[] compressed = compressedBytes(message);
        // Concurrent decodes each take their own cache; one caller at a time keeps reusing the same one.
        LabelSetCache cache = labelCaches.poll();
        if (cache == null) {
            cache = new LabelSetCache();
        }
        try {
            return decodeCompressed(compressed, maxDecodedBytes, cache);
        } finally {
            labelCaches.offer(cache);
        }
    }

    /** Decompresses and decodes a Snappy-compressed WriteRequest, naming the layer that fails. */
    static RemoteWriteRequest decodeCompressed(byte[] compressed, int maxDecodedBytes) {
        return decodeCompressed(compressed, maxDecodedBytes, null);
    }

    private static RemoteWriteRequest decodeCompressed(byte[] compressed, int maxDecodedBytes, LabelSetCache cache) {
        byte[] protobuf;
        try {
            protobuf = Snappy.decompress(compressed, maxDecodedBytes);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(Reason.BAD_SNAPPY, e.getMessage(), e);
        }
        try {
            return RemoteWriteDecoder.decode(protobuf, cache);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException(Reason.BAD_PROTOBUF, e.getMessage(), e);
        }
    }

    /**
     * Checks the content headers of a remote-write request. Missing ones mean the defaults (some
     * producers cannot set them, and Prometheus's receiver assumes snappy too); present ones must
     * announce Snappy-compressed protobuf of remote-write 1.0.
     */
    static void checkFormat(Map<String, String> headers) {
        String encoding = headers.get(CONTENT_ENCODING);
        if (encoding != null && !encoding.trim().equalsIgnoreCase(SNAPPY)) {
            throw new MalformedMessageException(Reason.UNSUPPORTED_FORMAT, "Content-Encoding " + encoding);
        }
        String type = headers.get(CONTENT_TYPE);
        if (type != null && !isProtobufV1(type)) {
            throw new MalformedMessageException(Reason.UNSUPPORTED_FORMAT, "Content-Type " + type);
        }
        String version = headers.get(VERSION_HEADER);
        if (version != null && !version.trim().startsWith("0.1.")) {
            throw new MalformedMessageException(
                    Reason.UNSUPPORTED_FORMAT, "remote-write version " + version + ", expected " + VERSION_1);
        }
    }

    private static boolean isProtobufV1(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        if (!parts[0].trim().equals(PROTOBUF)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("proto=") && !parameter.equals("proto=prometheus.writerequest")) {
                return false;
            }
        }
        return true;
    }

    private byte[] compressedBytes(QueueMessage message) {
        Optional<String> claimCheck = claimCheckKey(message);
        if (claimCheck.isPresent()) {
            return claimCheckStore.get(claimCheck.get())
                    .orElseThrow(() -> new MalformedMessageException(
                            Reason.MISSING_CLAIM_CHECK, "no object at " + claimCheck.get()));
        }
        try {
            return Base64.getDecoder().decode(message.body().strip());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(Reason.BAD_BASE64, e.getMessage(), e);
        }
    }

    private static Optional<String> claimCheckKey(QueueMessage message) {
        String attribute = message.attributes().get(CLAIM_CHECK_ATTRIBUTE);
        if (attribute != null) {
            return Optional.of(attribute);
        }
        // Base64 never contains '{', so a JSON body can only be a pointer (attributes may be lost in transit).
        String body = message.body().strip();
        if (body.startsWith("{")) {
            Matcher matcher = POINTER_KEY.matcher(body);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
            throw new MalformedMessageException(Reason.BAD_BASE64, "JSON body without a claimCheck key");
        }
        return Optional.empty();
    }
}
