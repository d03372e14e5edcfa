package io.promless.remote;

import static io.promless.remote.RemoteWriteProtocol.CLAIM_CHECK_ATTRIBUTE;
import static io.promless.remote.RemoteWriteProtocol.CLAIM_CHECK_PREFIX;
import static java.util.Objects.requireNonNull;

import io.promless.ports.MessageQueue;
import io.promless.ports.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Puts one Snappy-compressed WriteRequest on the queue: inline as base64, or as a claim check
 * (the bytes under {@code claim-checks/<uuid>} in the object store, a pointer in the message).
 * Thread-safe when the queue, the store and the id supplier are.
 */
final class PayloadSender {
    /** SQS counts each attribute's name, data type ("String") and value against the size limit. */
    private static final int ATTRIBUTE_TYPE_BYTES = "String".length();

    private final MessageQueue queue;
    private final ObjectStore claimCheckStore;
    private final Supplier<UUID> claimCheckIds;

    PayloadSender(MessageQueue queue, ObjectStore claimCheckStore, Supplier<UUID> claimCheckIds) {
        this.queue = requireNonNull(queue, "queue is null");
        this.claimCheckStore = requireNonNull(claimCheckStore, "claimCheckStore is null");
        this.claimCheckIds = requireNonNull(claimCheckIds, "claimCheckIds is null");
    }

    /** The attributes every message carries, as a remote-write HTTP request carries headers. */
    static Map<String, String> attributes() {
        return Map.of(
                RemoteWriteProtocol.CONTENT_ENCODING, RemoteWriteProtocol.SNAPPY,
                RemoteWriteProtocol.CONTENT_TYPE, RemoteWriteProtocol.PROTOBUF,
                RemoteWriteProtocol.VERSION_HEADER, RemoteWriteProtocol.VERSION_1);
    }

    static int attributeBytes(Map<String, String> attributes) {
        int bytes = 0;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length
                    + ATTRIBUTE_TYPE_BYTES
                    + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    /** The largest base64 body an inline message can carry. */
    int bodyBudget() {
        return queue.maxMessageBytes() - attributeBytes(attributes());
    }

    boolean fitsInline(byte[] compressed) {
        return RemoteWritePacker.base64Length(compressed.length) <= bodyBudget();
    }

    /** Sends the bytes inline; returns the message id. */
    String sendInline(byte[] compressed) {
        return queue.send(Base64.getEncoder().encodeToString(compressed), attributes());
    }

    /** Stores the bytes, then sends a pointer to them; returns the message id. */
    String sendClaimCheck(byte[] compressed, long samples) {
        String key = CLAIM_CHECK_PREFIX + claimCheckIds.get();
        claimCheckStore.put(key, compressed);
        Map<String, String> pointerAttributes = new LinkedHashMap<>(attributes());
        pointerAttributes.put(CLAIM_CHECK_ATTRIBUTE, key);
        String pointer = "{\"claimCheck\":\"" + key + "\",\"compressedBytes\":" + compressed.length
                + ",\"samples\":" + samples + "}";
        return queue.send(pointer, pointerAttributes);
    }
}
