package io.promless.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnappyTest {
    @Test
    void decodesAHandWrittenBlockOfTheSnappyFormat() {
        // Block format: varint uncompressed length, then a literal of 5 bytes (tag (5-1)<<2 = 0x10).
        byte[] block = {0x05, 0x10, 'h', 'e', 'l', 'l', 'o'};
        assertThat(Snappy.decompress(block, 100)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void decodesAHandWrittenBackReference() {
        // "abcabcabc": literal "abc" then a copy with 1-byte offset (tag 01): length 6, offset 3.
        byte[] block = {0x09, 0x08, 'a', 'b', 'c', (byte) (((6 - 4) << 2) | 0x01), 0x03};
        assertThat(new String(Snappy.decompress(block, 100), StandardCharsets.US_ASCII)).isEqualTo("abcabcabc");
    }

    @Test
    void roundTripsRepetitiveAndRandomData() {
        byte[] repetitive = "node_cpu_seconds_total{cpu=\"0\"} ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] random = new byte[100_000];
        new Random(7).nextBytes(random);
        for (byte[] data : new byte[][] {repetitive, random, new byte[0]}) {
            assertThat(Snappy.decompress(Snappy.compress(data), data.length)).isEqualTo(data);
        }
        assertThat(Snappy.compress(repetitive).length).isLessThan(repetitive.length / 10);
    }

    @Test
    void refusesBlocksThatExpandBeyondTheLimit() {
        byte[] compressed = Snappy.compress(new byte[1000]);
        assertThatThrownBy(() -> Snappy.decompress(compressed, 999))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit 999");
        byte[] hugeHeader = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertThatThrownBy(() -> Snappy.decompress(hugeHeader, 1 << 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesCorruptBlocks() {
        byte[] truncatedLiteral = {0x05, 0x10, 'h', 'e'};
        byte[] offsetBeforeStart = {0x09, (byte) (((6 - 4) << 2) | 0x01), 0x03};
        assertThatThrownBy(() -> Snappy.decompress(truncatedLiteral, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Snappy.decompress(offsetBeforeStart, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Snappy.decompress(new byte[0], 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
