package io.promless.ports;

import java.util.List;
import java.util.Optional;

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
}
