package io.promless.remote;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Settings of {@link QueueAppendable}.
 *
 * @param claimCheckThresholdBytes a batch whose Snappy-compressed request is larger than this
 *     goes to the object store as one claim check instead of being split into many messages
 *     (an S3 PUT+GET costs about as much as 14 SQS requests of 64 KiB). Requests that do not
 *     fit one message are always split, and a single series that still does not fit always
 *     becomes a claim check.
 * @param claimCheckIds source of the unique part of claim-check keys (random UUIDs; tests pass
 *     a fixed sequence)
 */
public record QueueAppendableOptions(int claimCheckThresholdBytes, Supplier<UUID> claimCheckIds) {
    public QueueAppendableOptions {
        if (claimCheckThresholdBytes <= 0) {
            throw new IllegalArgumentException("claimCheckThresholdBytes must be positive");
        }
        requireNonNull(claimCheckIds, "claimCheckIds is null");
    }

    /** Split into messages whenever possible; claim-check only what cannot fit. */
    public static QueueAppendableOptions defaults() {
        return new QueueAppendableOptions(Integer.MAX_VALUE, UUID::randomUUID);
    }

    public QueueAppendableOptions withClaimCheckThresholdBytes(int bytes) {
        return new QueueAppendableOptions(bytes, claimCheckIds);
    }

    public QueueAppendableOptions withClaimCheckIds(Supplier<UUID> ids) {
        return new QueueAppendableOptions(claimCheckThresholdBytes, ids);
    }
}
