package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

/**
 * An immutable blob of encoded samples for one {@link SegmentKey}, with the time range it
 * covers and the epoch second after which the store may expire it (DynamoDB TTL).
 */
public record Segment(SegmentKey key, long minTime, long maxTime, byte[] data, long expiresAtEpochSecond) {
    public Segment {
        requireNonNull(key, "key is null");
        requireNonNull(data, "data is null");
        if (maxTime < minTime) {
            throw new IllegalArgumentException("maxTime before minTime");
        }
    }
}
