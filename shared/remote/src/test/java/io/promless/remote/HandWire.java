package io.promless.remote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protobuf bytes written by hand from the wire-format spec (varints, little-endian fixed64,
 * length prefixes), independent of protobuf-java, to check the decoder against.
 */
final class HandWire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static HandWire message() {
        return new HandWire();
    }

    HandWire varint(int field, long value) {
        tag(field, 0);
        rawVarint(value);
        return this;
    }

    HandWire fixed64(int field, long bits) {
        tag(field, 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xff);
        }
        return this;
    }

    HandWire fixed32(int field, int bits) {
        tag(field, 5);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xff);
        }
        return this;
    }

    HandWire bytes(int field, byte[] bytes) {
        tag(field, 2);
        rawVarint(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    HandWire string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    HandWire message(int field, HandWire nested) {
        return bytes(field, nested.build());
    }

    HandWire raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    static HandWire label(String name, String value) {
        return message().string(1, name).string(2, value);
    }

    static HandWire sample(double value, long timestamp) {
        return message().fixed64(1, Double.doubleToRawLongBits(value)).varint(2, timestamp);
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
