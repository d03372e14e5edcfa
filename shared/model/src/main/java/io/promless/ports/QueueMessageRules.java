package io.promless.ports;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits SQS puts on a message, checked by every {@link MessageQueue} before sending: callers
 * get a clear IllegalArgumentException instead of a service error, and the local mode rejects
 * exactly what the AWS mode would: a non-empty body of XML-safe characters, at most 10
 * attributes with SQS-valid names and non-empty values, and a total size (body, attribute names,
 * the type name "String" and values) within the queue's limit.
 */
public final class QueueMessageRules {
    public static final int MAX_ATTRIBUTES = 10;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
    private static final int STRING_TYPE_BYTES = "String".length();

    private QueueMessageRules() {}

    /** Validates a message and returns its size in bytes as SQS counts it. */
    public static int check(String body, Map<String, String> attributes, int maxMessageBytes) {
        requireNonNull(body, "body is null");
        requireNonNull(attributes, "attributes is null");
        if (body.isEmpty()) {
            throw new IllegalArgumentException("message body is empty");
        }
        checkCharacters("message body", body);
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("a message has at most " + MAX_ATTRIBUTES
                    + " attributes, got " + attributes.size());
        }
        long size = utf8Length(body);
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = requireNonNull(attribute.getKey(), "attribute name is null");
            String value = requireNonNull(attribute.getValue(), "attribute value is null");
            checkAttributeName(name);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("attribute " + name + " has an empty value");
            }
            checkCharacters("attribute " + name, value);
            size += utf8Length(name) + STRING_TYPE_BYTES + utf8Length(value);
        }
        if (size > maxMessageBytes) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds the queue limit of "
                    + maxMessageBytes + " bytes");
        }
        return (int) size;
    }

    private static void checkAttributeName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")
                || name.contains("..") || lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw new IllegalArgumentException("invalid message attribute name: '" + name + "'");
        }
    }

    /** SQS accepts #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD and #x10000-#x10FFFF. */
    private static void checkCharacters(String what, String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                throw new IllegalArgumentException(what + " contains the invalid character U+"
                        + String.format("%04X", c) + " at index " + i);
            }
            i += Character.charCount(c);
        }
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
