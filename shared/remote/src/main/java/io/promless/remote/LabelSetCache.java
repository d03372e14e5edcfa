package io.promless.remote;

import io.promless.model.labels.LabelNames;
import io.promless.model.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Label sets decoded from earlier requests, keyed by the exact wire bytes of a series' label
 * fields. A scraped target sends the same label bytes for every series on every scrape, so
 * after the first request a series' labels cost one hash of their bytes and one comparison,
 * instead of decoding, interning, validating and hashing every string again. Entries keep
 * their {@link Labels} (whose {@link Labels#hash()} is computed once and cached), which later
 * stages reuse too.
 *
 * <p>Bounded: when it holds {@code maxEntries} label sets it starts over empty, so memory stays
 * proportional to the series a container ingests (roughly 1 KB per node_exporter-like series,
 * so at most some 64 MB at the default size); beyond that many active series it thrashes and
 * decoding falls back to about its uncached speed. Not thread-safe: one decode at a time uses
 * one cache ({@link QueueMessageDecoder} keeps a pool).
 */
final class LabelSetCache {
    static final int DEFAULT_MAX_ENTRIES = 1 << 16;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int INITIAL_CAPACITY = 1024;

    private final int maxEntries;
    // Hashes sit in their own array so a probe touches an entry only when its hash matches.
    private int[] hashes = new int[INITIAL_CAPACITY];
    private Entry[] entries = new Entry[INITIAL_CAPACITY];
    private int size;
    private int generation;

    LabelSetCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    LabelSetCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /**
     * One decoded label set: the strings in wire order, whether they were valid UTF-8, and, when
     * they already satisfy the receiver's rules, the {@link Labels} built from them (else null).
     * {@code next} is the entry that followed it in the last request that carried it.
     */
    static final class Entry {
        private final byte[] key;
        private final String[] names;
        private final String[] values;
        private final boolean validUtf8;
        private final Labels validLabels;
        private final int generation;
        private Entry next;

        private Entry(byte[] key, String[] names, String[] values, boolean validUtf8, Labels validLabels, int generation) {
            this.key = key;
            this.names = names;
            this.values = values;
            this.validUtf8 = validUtf8;
            this.validLabels = validLabels;
            this.generation = generation;
        }

        String[] names() {
            return names;
        }

        String[] values() {
            return values;
        }

        boolean validUtf8() {
            return validUtf8;
        }

        Labels validLabels() {
            return validLabels;
        }

        private boolean holds(byte[] data, int from, int to) {
            return key.length == to - from && Arrays.equals(key, 0, key.length, data, from, to);
        }
    }

    /**
     * The entry for {@code data[from, to)} when it is the one that followed {@code previous} last
     * time, else null. A target sends its series in the same order every scrape, so this finds
     * most entries without hashing their bytes or probing the table.
     */
    Entry following(Entry previous, byte[] data, int from, int to) {
        if (previous == null || previous.generation != generation) {
            return null;
        }
        Entry predicted = previous.next;
        return predicted != null && predicted.generation == generation && predicted.holds(data, from, to) ? predicted : null;
    }

    /** Remembers that {@code entry} followed {@code previous}, for {@link #following} next time. */
    void link(Entry previous, Entry entry) {
        if (previous != null && previous.generation == generation && entry.generation == generation
                && previous.next != entry) {
            previous.next = entry;
        }
    }

    /** The entry for {@code data[from, to)}, or null. */
    Entry get(byte[] data, int from, int to, int hash) {
        int mask = entries.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            Entry entry = entries[slot];
            if (entry == null) {
                return null;
            }
            if (hashes[slot] == hash && entry.holds(data, from, to)) {
                return entry;
            }
        }
    }

    /** Remembers a label set decoded from {@code data[from, to)}; the arrays are kept, not copied. */
    Entry put(byte[] data, int from, int to, int hash, String[] names, String[] values, boolean validUtf8) {
        if (size >= maxEntries) {
            hashes = new int[INITIAL_CAPACITY];
            entries = new Entry[INITIAL_CAPACITY];
            size = 0;
            generation++; // older entries are neither found nor linked any more, so they can be collected
        }
        Labels validLabels = validUtf8 ? validLabelsOrNull(names, values) : null;
        Entry entry = new Entry(Arrays.copyOfRange(data, from, to), names, values, validUtf8, validLabels, generation);
        insert(hashes, entries, hash, entry);
        if (++size * 2 > entries.length) {
            int[] oldHashes = hashes;
            Entry[] oldEntries = entries;
            hashes = new int[oldEntries.length * 2];
            entries = new Entry[oldEntries.length * 2];
            for (int slot = 0; slot < oldEntries.length; slot++) {
                if (oldEntries[slot] != null) {
                    insert(hashes, entries, oldHashes[slot], oldEntries[slot]);
                }
            }
        }
        return entry;
    }

    int size() {
        return size;
    }

    private static void insert(int[] hashes, Entry[] entries, int hash, Entry entry) {
        int mask = entries.length - 1;
        int slot = hash & mask;
        while (entries[slot] != null) {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        entries[slot] = entry;
    }

    /**
     * The labels as they are when nothing needs fixing or refusing: names valid, strictly
     * ascending (so unique), no empty value, and a metric name. Anything else is left to the
     * receiver's validation, which then sorts, drops or rejects as Prometheus does.
     */
    static Labels validLabelsOrNull(String[] names, String[] values) {
        boolean hasMetricName = false;
        for (int i = 0; i < names.length; i++) {
            if (values[i].isEmpty() || !LabelNames.isValidName(names[i])
                    || (i > 0 && names[i - 1].compareTo(names[i]) >= 0)) {
                return null;
            }
            hasMetricName |= names[i].equals(Labels.METRIC_NAME);
        }
        return hasMetricName ? Labels.ofSorted(names, values) : null;
    }

    /** A fast hash of a byte range, eight bytes at a time; only used within this process. */
    static int hash(byte[] data, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft(h ^ (long) LONG_LE.get(data, i), 29) * 0xBF58476D1CE4E5B9L;
        }
        for (; i < to; i++) {
            h = Long.rotateLeft(h ^ data[i], 29) * 0xBF58476D1CE4E5B9L;
        }
        h ^= h >>> 32;
        return (int) (h ^ (h >>> 16));
    }
}
