package io.promless.blocks.compact;

import io.promless.ports.ObjectStore;
import java.util.List;
import java.util.Optional;

/** Wraps a real store and simulates a crash at one write (put or delete): before it reaches the store, or right after. */
final class CrashingObjectStore implements ObjectStore {
    static final class Crash extends RuntimeException {
        Crash(String message) {
            super(message);
        }
    }

    private final ObjectStore delegate;
    private final int crashAtWrite;
    private final boolean afterWrite;
    private int writes;

    CrashingObjectStore(ObjectStore delegate, int crashAtWrite, boolean afterWrite) {
        this.delegate = delegate;
        this.crashAtWrite = crashAtWrite;
        this.afterWrite = afterWrite;
    }

    @Override
    public void put(String key, byte[] data) {
        write("put " + key, () -> delegate.put(key, data));
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void delete(String key) {
        write("delete " + key, () -> delegate.delete(key));
    }

    /** Writes attempted so far, crashed one included. */
    int writes() {
        return writes;
    }

    private void write(String what, Runnable action) {
        int current = writes++;
        if (current == crashAtWrite && !afterWrite) {
            throw new Crash("crash before write " + current + ": " + what);
        }
        action.run();
        if (current == crashAtWrite) {
            throw new Crash("crash after write " + current + ": " + what);
        }
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }
}
