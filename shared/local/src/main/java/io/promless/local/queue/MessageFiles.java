package io.promless.local.queue;

import io.promless.ports.QueueMessageRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk form of one queued message: a magic number, the attribute count, each attribute
 * as length-prefixed UTF-8 name and value, then the length-prefixed UTF-8 body.
 */
final class MessageFiles {
    private static final int MAGIC = 0x50514d31; // "PQM1"

    record StoredMessage(String body, Map<String, String> attributes) {}

    private MessageFiles() {}

    static byte[] encode(String body, Map<String, String> attributes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(attributes.size());
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                writeText(out, attribute.getKey());
                writeText(out, attribute.getValue());
            }
            writeText(out, body);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a message file; throws IOException when it is truncated or not ours. */
    static StoredMessage decode(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a queue message file");
        }
        int count = in.readInt();
        if (count < 0 || count > QueueMessageRules.MAX_ATTRIBUTES) {
            throw new IOException("bad attribute count " + count);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(readText(in), readText(in));
        }
        String body = readText(in);
        if (in.available() != 0) {
            throw new IOException("trailing bytes after the message body");
        }
        return new StoredMessage(body, attributes);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("bad text length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
