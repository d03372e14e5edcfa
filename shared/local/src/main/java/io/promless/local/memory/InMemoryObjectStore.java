package io.promless.local.memory;

import static java.util.Objects.requireNonNull;

import io.promless.ports.ObjectStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;

/** An object store in memory: for tests and benchmarks that must not touch the disk. */
public final class InMemoryObjectStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, byte[] data) {
        requireNonNull(data, "data is null");
        objects.put(checkKey(key), data.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        byte[] data = objects.get(key);
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        ObjectStore.checkRange(offset, length);
        byte[] data = objects.get(key);
        if (data == null) {
            return Optional.empty();
        }
        int from = (int) Math.min(offset, data.length);
        return Optional.of(Arrays.copyOfRange(data, from, (int) Math.min(data.length, (long) from + length)));
    }

    @Override
    public OptionalLong size(String key) {
        byte[] data = objects.get(key);
        return data == null ? OptionalLong.empty() : OptionalLong.of(data.length);
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        requireNonNull(prefix, "prefix is null");
        return objects.tailMap(prefix).keySet().stream().takeWhile(key -> key.startsWith(prefix)).toList();
    }

    private static String checkKey(String key) {
        requireNonNull(key, "key is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        return key;
    }

    public int size() {
        return objects.size();
    }
}
