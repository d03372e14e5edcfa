package io.promless.rules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The XXH64 hash (seed 0), written from the published algorithm. Prometheus hashes a group's
 * {@code {file, name}} label set with it to spread group evaluations over their interval; using
 * the same hash puts Promless's evaluations at the same instants.
 */
final class XxHash64 {
    private static final long PRIME_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME_3 = 0x165667B19E3779F9L;
    private static final long PRIME_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME_5 = 0x27D4EB2F165667C5L;
    private static final byte LABEL_SEPARATOR = (byte) 0xff;

    private XxHash64() {}

    /** Prometheus's labels hash: name, 0xff, value, 0xff for each pair in sorted order. */
    static long ofLabelPairs(String... sortedNamesAndValues) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String part : sortedNamesAndValues) {
            bytes.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            bytes.write(LABEL_SEPARATOR);
        }
        return hash(bytes.toByteArray());
    }

    static long hash(byte[] input) {
        int length = input.length;
        int position = 0;
        long hash;
        if (length >= 32) {
            long v1 = PRIME_1 + PRIME_2;
            long v2 = PRIME_2;
            long v3 = 0;
            long v4 = -PRIME_1;
            int limit = length - 32;
            while (position <= limit) {
                v1 = round(v1, readLong(input, position));
                v2 = round(v2, readLong(input, position + 8));
                v3 = round(v3, readLong(input, position + 16));
                v4 = round(v4, readLong(input, position + 24));
                position += 32;
            }
            hash = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            hash = mergeRound(hash, v1);
            hash = mergeRound(hash, v2);
            hash = mergeRound(hash, v3);
            hash = mergeRound(hash, v4);
        } else {
            hash = PRIME_5;
        }
        hash += length;
        while (position + 8 <= length) {
            hash ^= round(0, readLong(input, position));
            hash = Long.rotateLeft(hash, 27) * PRIME_1 + PRIME_4;
            position += 8;
        }
        if (position + 4 <= length) {
            hash ^= (readInt(input, position) & 0xFFFFFFFFL) * PRIME_1;
            hash = Long.rotateLeft(hash, 23) * PRIME_2 + PRIME_3;
            position += 4;
        }
        while (position < length) {
            hash ^= (input[position] & 0xFFL) * PRIME_5;
            hash = Long.rotateLeft(hash, 11) * PRIME_1;
            position++;
        }
        hash ^= hash >>> 33;
        hash *= PRIME_2;
        hash ^= hash >>> 29;
        hash *= PRIME_3;
        hash ^= hash >>> 32;
        return hash;
    }

    private static long round(long accumulator, long input) {
        accumulator += input * PRIME_2;
        accumulator = Long.rotateLeft(accumulator, 31);
        return accumulator * PRIME_1;
    }

    private static long mergeRound(long accumulator, long value) {
        accumulator ^= round(0, value);
        return accumulator * PRIME_1 + PRIME_4;
    }

    private static long readLong(byte[] input, int position) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (input[position + i] & 0xFFL);
        }
        return value;
    }

    private static int readInt(byte[] input, int position) {
        int value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | (input[position + i] & 0xFF);
        }
        return value;
    }
}
