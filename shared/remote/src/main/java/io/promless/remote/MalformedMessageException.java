package io.promless.remote;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;

/**
 * A queue message that can never be decoded, however often it is retried; {@link #reason()}
 * says which layer failed. Ingest reports such messages as undecodable so they reach the
 * dead-letter queue instead of being retried forever.
 */
public final class MalformedMessageException extends PromlessException {
    /** The layer of a queue message that failed to decode. */
    public enum Reason {
        /** The body is neither base64 nor a claim-check pointer. */
        BAD_BASE64,
        /** The bytes are not a Snappy block, or expand beyond the size limit. */
        BAD_SNAPPY,
        /** The uncompressed bytes are not a remote-write WriteRequest. */
        BAD_PROTOBUF,
        /** The claim-check object the message points to does not exist. */
        MISSING_CLAIM_CHECK,
        /** Attributes announce an encoding, content type or protocol version this decoder does not read. */
        UNSUPPORTED_FORMAT
    }

    private final Reason reason;

    public MalformedMessageException(Reason reason, String message) {
        super(ErrorType.BAD_DATA, requireNonNull(reason, "reason is null") + ": " + message);
        this.reason = reason;
    }

    public MalformedMessageException(Reason reason, String message, Throwable cause) {
        super(ErrorType.BAD_DATA, requireNonNull(reason, "reason is null") + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
