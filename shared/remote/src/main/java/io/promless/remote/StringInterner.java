package io.promless.remote;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns UTF-8 byte ranges of one request buffer into Strings, returning the same String for
 * equal bytes. Label names and values repeat across the series of a request (job, instance,
 * __name__...), so this saves most string allocations and keeps decoded labels small.
 * Single-threaded; lives for one request.
 */
final class StringInterner {
    private final byte[] data;
    private int[] offsets;
    private int[] lengths;
    private int[] hashes;
    private String[] strings;
    private boolean[] invalid;
    private int size;
    private boolean invalidSeen;

    StringInterner(byte[] data) {
        this.data = data;
        allocate(256);
    }

    /** The String of {@code data[offset, offset + length)}; notes invalid UTF-8 in {@link #invalidSeen()}. */
    String intern(int offset, int length) {
        if (length == 0) {
            return "";
        }
        int hash = hash(offset, length);
        int mask = strings.length - 1;
        int slot = hash & mask;
        while (strings[slot] != null) {
            if (hashes[slot] == hash && lengths[slot] == length && sameBytes(offsets[slot], offset, length)) {
                invalidSeen |= invalid[slot];
                return strings[slot];
            }
            slot = (slot + 1) & mask;
        }
        boolean valid = isValidUtf8(offset, length);
        String string = new String(data, offset, length, StandardCharsets.UTF_8);
        offsets[slot] = offset;
        lengths[slot] = length;
        hashes[slot] = hash;
        strings[slot] = string;
        invalid[slot] = !valid;
        invalidSeen |= !valid;
        if (++size * 2 > strings.length) {
            grow();
        }
        return string;
    }

    /** True when a string interned since the last {@link #resetInvalidSeen()} was not valid UTF-8. */
    boolean invalidSeen() {
        return invalidSeen;
    }

    void resetInvalidSeen() {
        invalidSeen = false;
    }

    /** Notes invalid UTF-8 found elsewhere (a cached label set) for the current series. */
    void markInvalidSeen() {
        invalidSeen = true;
    }

    private int hash(int offset, int length) {
        int h = length;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + data[i];
        }
        return h ^ (h >>> 16);
    }

    private boolean sameBytes(int first, int second, int length) {
        // Label strings are short; a plain loop beats the vectorized mismatch's setup cost.
        for (int i = 0; i < length; i++) {
            if (data[first + i] != data[second + i]) {
                return false;
            }
        }
        return true;
    }

    private boolean isValidUtf8(int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (data[i] < 0) {
                return isValidMultiByteUtf8(offset, length);
            }
        }
        return true;
    }

    private boolean isValidMultiByteUtf8(int offset, int length) {
        // Rare path: the JDK decoder rejects malformed sequences, overlongs and surrogates, as Go's utf8.Valid does.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(data, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void allocate(int capacity) {
        offsets = new int[capacity];
        lengths = new int[capacity];
        hashes = new int[capacity];
        strings = new String[capacity];
        invalid = new boolean[capacity];
    }

    private void grow() {
        int[] oldOffsets = offsets;
        int[] oldLengths = lengths;
        int[] oldHashes = hashes;
        String[] oldStrings = strings;
        boolean[] oldInvalid = invalid;
        allocate(oldStrings.length * 2);
        int mask = strings.length - 1;
        for (int i = 0; i < oldStrings.length; i++) {
            if (oldStrings[i] == null) {
                continue;
            }
            int slot = oldHashes[i] & mask;
            while (strings[slot] != null) {
                slot = (slot + 1) & mask;
            }
            offsets[slot] = oldOffsets[i];
            lengths[slot] = oldLengths[i];
            hashes[slot] = oldHashes[i];
            strings[slot] = oldStrings[i];
            invalid[slot] = oldInvalid[i];
        }
    }
}
