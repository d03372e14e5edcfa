package io.promless.exposition;

/** Strict UTF-8 validation over byte ranges (no overlong forms, no surrogates, at most U+10FFFF). */
final class Utf8 {
    private Utf8() {}

    /** Returns -1 when {@code bytes[from, to)} is valid UTF-8, else the index of the first bad byte. */
    static int firstInvalid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + length > to) {
                return i;
            }
            int codePoint = b & (0xff >> (length + 1));
            for (int k = 1; k < length; k++) {
                int continuation = bytes[i + k] & 0xff;
                if ((continuation & 0xc0) != 0x80) {
                    return i;
                }
                codePoint = (codePoint << 6) | (continuation & 0x3f);
            }
            if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                return i;
            }
            i += length;
        }
        return -1;
    }
}
