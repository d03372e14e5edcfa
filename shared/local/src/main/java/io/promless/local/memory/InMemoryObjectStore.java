package io.promless.local.memory;

import io.promless.ports.ObjectStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** An object store in memory: for tests and benchmarks that must not touch the disk. */
public final class InMemoryObjectStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, byte[] data) {
        objects.put(key, data.clone());
    }

    @Override
    public Optional<byte[]> get(String key) {
        byte[] data = objects.get(key);
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        return objects.tailMap(prefix).keySet().stream().takeWhile(key -> key.startsWith(prefix)).toList();
    }

    public int size() {
        return objects.size();
    }
}
