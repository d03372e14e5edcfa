package io.promless.ports;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A flat key/value store of immutable blobs (S3, or files under a data directory). Keys use
 * '/' as a separator. A put is atomic: readers see the whole old or the whole new object.
 * Thread-safe.
 */
public interface ObjectStore {
    void put(String key, byte[] data);

    Optional<byte[]> get(String key);

    /** Removes the object; a missing key is not an error. */
    void delete(String key);

    /** Keys that start with the prefix, sorted. */
    List<String> list(String prefix);

    /**
     * Up to {@code length} bytes of the object starting at {@code offset} (an S3 ranged GET): fewer
     * when the object ends first, none when {@code offset} is at or past its end; empty when the
     * object does not exist. Adapters override this; the default fetches the whole object.
     *
     * @throws IllegalArgumentException when offset or length is negative
     */
    default Optional<byte[]> getRange(String key, long offset, int length) {
        checkRange(offset, length);
        return get(key).map(data -> {
            int from = (int) Math.min(offset, data.length);
            return Arrays.copyOfRange(data, from, (int) Math.min(data.length, (long) from + length));
        });
    }

    /**
     * The object's size in bytes (an S3 HEAD), empty when it does not exist. Adapters override
     * this; the default fetches the whole object.
     */
    default OptionalLong size(String key) {
        Optional<byte[]> data = get(key);
        return data.isPresent() ? OptionalLong.of(data.get().length) : OptionalLong.empty();
    }

    /** Validates {@link #getRange} arguments; for adapters. */
    static void checkRange(long offset, int length) {
        if (offset < 0) {
            throw new IllegalArgumentException("range offset is negative: " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("range length is negative: " + length);
        }
    }
}
