package io.promless.blocks.compact;

import io.promless.ports.ObjectStore;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a real store and simulates a process killed at one write (put or delete): that write
 * fails before or after reaching the store, and so does every write after it, as nothing runs
 * after a kill. Reads keep working (they change nothing). Writes are counted either way.
 */
final class KillableObjectStore implements ObjectStore {
    static final class Killed extends RuntimeException {
        Killed(String message) {
            super(message);
        }
    }

    private final ObjectStore delegate;
    private final int killAtWrite;
    private final boolean afterWrite;
    private int writes;

    /** @param killAtWrite index of the fatal write; negative for a store that never fails (counts writes only) */
    KillableObjectStore(ObjectStore delegate, int killAtWrite, boolean afterWrite) {
        this.delegate = delegate;
        this.killAtWrite = killAtWrite;
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

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }

    int writes() {
        return writes;
    }

    boolean killed() {
        return killAtWrite >= 0 && writes > killAtWrite;
    }

    private void write(String what, Runnable action) {
        int current = writes++;
        boolean dead = killAtWrite >= 0 && current > killAtWrite;
        if (dead || (current == killAtWrite && !afterWrite)) {
            throw new Killed("killed before write " + current + ": " + what);
        }
        action.run();
        if (current == killAtWrite) {
            throw new Killed("killed after write " + current + ": " + what);
        }
    }
}
