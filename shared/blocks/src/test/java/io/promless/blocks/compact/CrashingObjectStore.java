package io.promless.blocks.compact;

import io.promless.ports.ObjectStore;
import java.util.List;
import java.util.Optional;

/** Wraps a real store and simulates a crash at one put: before it reaches the store, or right after. */
final class CrashingObjectStore implements ObjectStore {
    static final class Crash extends RuntimeException {
        Crash(String message) {
            super(message);
        }
    }

    private final ObjectStore delegate;
    private final int crashAtPut;
    private final boolean afterWrite;
    private int puts;

    CrashingObjectStore(ObjectStore delegate, int crashAtPut, boolean afterWrite) {
        this.delegate = delegate;
        this.crashAtPut = crashAtPut;
        this.afterWrite = afterWrite;
    }

    @Override
    public void put(String key, byte[] data) {
        int current = puts++;
        if (current == crashAtPut && !afterWrite) {
            throw new Crash("crash before put " + current + " of " + key);
        }
        delegate.put(key, data);
        if (current == crashAtPut) {
            throw new Crash("crash after put " + current + " of " + key);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }
}
