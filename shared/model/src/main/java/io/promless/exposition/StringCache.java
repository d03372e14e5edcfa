package io.promless.exposition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small direct-mapped cache from UTF-8 byte ranges to Strings, so the names and values that
 * repeat on every line of a scrape (metric names, label names, {@code le}, {@code job}) are
 * decoded once per body instead of once per line. Bounded: a colliding entry replaces the old one.
 * Not thread-safe; one per parse.
 */
final class StringCache {
    private static final int SLOTS = 1024;
    private static final int MAX_CACHED_LENGTH = 64;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The String for valid UTF-8 {@code bytes[from, to)}. */
    String get(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED_LENGTH) {
            return new String(bytes, from, length, StandardCharsets.UTF_8);
        }
        int hash = length;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
            return strings[slot];
        }
        String decoded = new String(bytes, from, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, from, to);
        strings[slot] = decoded;
        return decoded;
    }
}
