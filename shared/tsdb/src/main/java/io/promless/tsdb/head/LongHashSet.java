package io.promless.tsdb.head;

/**
 * A set of longs in one open-addressing table, without boxing: the writer checks every series
 * id of every batch against the ids it has seen. Not thread-safe; callers synchronize.
 */
final class LongHashSet {
    private static final int INITIAL_CAPACITY = 1024;

    private long[] keys = new long[INITIAL_CAPACITY];
    private boolean[] used = new boolean[INITIAL_CAPACITY];
    private int size;

    boolean contains(long key) {
        int mask = keys.length - 1;
        for (int slot = slotOf(key, mask); used[slot]; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return true;
            }
        }
        return false;
    }

    /** @return true when the key was not in the set */
    boolean add(long key) {
        int mask = keys.length - 1;
        int slot = slotOf(key, mask);
        while (used[slot]) {
            if (keys[slot] == key) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        used[slot] = true;
        if (++size * 2 > keys.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    void clear() {
        keys = new long[INITIAL_CAPACITY];
        used = new boolean[INITIAL_CAPACITY];
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int slot = slotOf(oldKeys[i], mask);
                while (used[slot]) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                used[slot] = true;
            }
        }
    }

    private static int slotOf(long key, int mask) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }
}
