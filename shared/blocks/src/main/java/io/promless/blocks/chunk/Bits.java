package io.promless.blocks.chunk;

import java.util.Arrays;

/** A bit stream written most significant bit first, and its reader. Not thread-safe. */
final class Bits {
    private Bits() {}

    static final class Writer {
        private long[] words = new long[8];
        private long bitCount;

        void write(long value, int width) {
            if (width == 0) {
                return;
            }
            long masked = width == 64 ? value : value & ((1L << width) - 1);
            int word = (int) (bitCount >>> 6);
            int used = (int) (bitCount & 63);
            if (word + 1 >= words.length) {
                words = Arrays.copyOf(words, words.length * 2);
            }
            int free = 64 - used;
            if (width <= free) {
                words[word] |= masked << (free - width);
            } else {
                words[word] |= masked >>> (width - free);
                words[word + 1] |= masked << (64 - (width - free));
            }
            bitCount += width;
        }

        void writeBit(boolean bit) {
            write(bit ? 1 : 0, 1);
        }

        int byteLength() {
            return (int) ((bitCount + 7) >>> 3);
        }

        void copyTo(byte[] out, int offset) {
            int length = byteLength();
            for (int i = 0; i < length; i++) {
                out[offset + i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
            }
        }
    }

    static final class Reader {
        private final byte[] bytes;
        private final int end;
        private long position;

        Reader(byte[] bytes, int offset, int end) {
            this.bytes = bytes;
            this.end = end;
            this.position = (long) offset << 3;
        }

        long read(int width) {
            if (width == 0) {
                return 0;
            }
            if (position + width > ((long) end << 3)) {
                throw new IllegalArgumentException("chunk bit stream ends early");
            }
            long result = 0;
            int remaining = width;
            while (remaining > 0) {
                int index = (int) (position >>> 3);
                int bitInByte = (int) (position & 7);
                int available = 8 - bitInByte;
                int take = Math.min(available, remaining);
                int bits = (bytes[index] >>> (available - take)) & ((1 << take) - 1);
                result = (result << take) | bits;
                remaining -= take;
                position += take;
            }
            return result;
        }

        boolean readBit() {
            return read(1) != 0;
        }
    }
}
