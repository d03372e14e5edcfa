package io.promless.ingest;

/** Why a queue message was not ingested, which decides what happens to it next. */
public enum FailureKind {
    /** The message can never be ingested (malformed, or refused as bad data): retrying is useless, it belongs in the dead-letter queue. */
    UNDECODABLE,
    /** Something outside the message failed (head store, object store): retry it later. */
    TRANSIENT
}
