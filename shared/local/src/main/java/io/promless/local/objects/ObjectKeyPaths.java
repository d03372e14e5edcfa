package io.promless.local.objects;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Maps object keys to file paths and back. Each '/'-separated segment is escaped: letters,
 * digits, '-', '_' and '.' (except a leading '.') stay as they are, every other UTF-8 byte
 * becomes %XX, and an empty segment becomes "%". Object files end in '~' and directories never
 * do, so the keys "a" and "a/b" coexist; names starting with '.' are temporary files.
 */
final class ObjectKeyPaths {
    static final String TEMPORARY_PREFIX = ".tmp-";
    private static final char OBJECT_SUFFIX = '~';
    private static final int MAX_FILE_NAME_BYTES = 255;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ObjectKeyPaths() {}

    static Path pathOf(Path root, String key) {
        requireNonNull(key, "key is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        String[] segments = key.split("/", -1);
        Path path = root;
        for (int i = 0; i < segments.length; i++) {
            String name = escape(segments[i]);
            if (i == segments.length - 1) {
                name += OBJECT_SUFFIX;
            }
            if (name.length() > MAX_FILE_NAME_BYTES) {
                throw new IllegalArgumentException("object key segment too long for a file name: " + segments[i]);
            }
            path = path.resolve(name);
        }
        return path;
    }

    /** The key of an object file, or empty for temporary files and anything else we did not write. */
    static Optional<String> keyOf(Path root, Path file) {
        Path relative = root.relativize(file);
        StringBuilder key = new StringBuilder();
        int count = relative.getNameCount();
        for (int i = 0; i < count; i++) {
            String name = relative.getName(i).toString();
            if (i == count - 1) {
                if (name.startsWith(".") || name.charAt(name.length() - 1) != OBJECT_SUFFIX) {
                    return Optional.empty();
                }
                name = name.substring(0, name.length() - 1);
            }
            Optional<String> segment = unescape(name);
            if (segment.isEmpty()) {
                return Optional.empty();
            }
            if (i > 0) {
                key.append('/');
            }
            key.append(segment.get());
        }
        return Optional.of(key.toString());
    }

    static String escape(String segment) {
        if (segment.isEmpty()) {
            return "%";
        }
        StringBuilder out = new StringBuilder(segment.length());
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isPlain(b) && !(b == '.' && i == 0)) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    static Optional<String> unescape(String name) {
        if (name.equals("%")) {
            return Optional.of("");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                if (i + 2 >= name.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(name.charAt(i + 1), 16);
                int low = Character.digit(name.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80 && isPlain(c)) {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }

    private static boolean isPlain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.';
    }
}
