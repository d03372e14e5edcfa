package io.promless.blocks.backfill;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts an OpenMetrics file into pieces of whole lines, each a complete exposition of its own
 * (ending in {@code # EOF}), so a file of any size is parsed with bounded memory. Pieces end
 * only after a sample line: a piece that starts inside a metric family repeats that family's
 * {@code # TYPE}/{@code # HELP}/{@code # UNIT} lines first. Each piece knows the file line of
 * each of its lines, so parse errors name the line in the file. Single-threaded.
 */
final class OpenMetricsChunks {
    private static final byte[] EOF_LINE = "# EOF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EOF_TRAILER = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

    /** One piece: an exposition body and the file line number of each of its lines. */
    record Chunk(byte[] body, int[] fileLines, int[] sampleFileLines) {
        /** The file line of the piece's 1-based line {@code line}. */
        int fileLine(int line) {
            if (line < 1) {
                return fileLines.length == 0 ? 0 : fileLines[0];
            }
            return line <= fileLines.length ? fileLines[line - 1] : fileLines[fileLines.length - 1] + 1;
        }
    }

    interface ChunkConsumer {
        void accept(Chunk chunk) throws ImportException;
    }

    /** A problem in the file, with the 1-based file line it concerns. */
    static final class ImportException extends Exception {
        final int line;

        ImportException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final Path file;
    private final int chunkBytes;

    OpenMetricsChunks(Path file, int chunkBytes) {
        this.file = requireNonNull(file, "file is null");
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    /** Reads the whole file once, handing each piece to the consumer in file order. */
    void forEach(ChunkConsumer consumer) throws IOException, ImportException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            new Cutter(in, consumer).run();
        }
    }

    private final class Cutter {
        private final InputStream in;
        private final ChunkConsumer consumer;
        private final GrowableBytes body = new GrowableBytes(chunkBytes + 4096);
        private final IntList fileLines = new IntList();
        private final IntList sampleLines = new IntList();
        private final List<byte[]> familyHeader = new ArrayList<>();
        private final IntList familyHeaderLines = new IntList();
        private final GrowableBytes line = new GrowableBytes(256);
        private boolean lastWasSample;

        Cutter(InputStream in, ChunkConsumer consumer) {
            this.in = in;
            this.consumer = consumer;
        }

        void run() throws IOException, ImportException {
            int lineNumber = 0;
            while (true) {
                boolean ended = !readLine();
                if (ended && line.size == 0) {
                    throw new ImportException(Math.max(lineNumber, 1), "missing \"# EOF\" at the end of the file");
                }
                lineNumber++;
                if (ended) {
                    throw new ImportException(lineNumber, "missing \"# EOF\" at the end of the file (the last line has no line feed)");
                }
                if (line.equals(EOF_LINE)) {
                    if (in.read() >= 0) {
                        throw new ImportException(lineNumber + 1, "text after \"# EOF\"");
                    }
                    flush();
                    return;
                }
                boolean metadata = line.size > 0 && line.bytes[0] == '#';
                if (lastWasSample && body.size >= chunkBytes) {
                    flush();
                    if (!metadata) {
                        for (int i = 0; i < familyHeader.size(); i++) {
                            append(familyHeader.get(i), familyHeaderLines.get(i), false);
                        }
                    }
                }
                if (metadata) {
                    if (lastWasSample) {
                        familyHeader.clear();
                        familyHeaderLines.clear();
                    }
                    familyHeader.add(line.toArray());
                    familyHeaderLines.add(lineNumber);
                }
                append(line.toArray(), lineNumber, !metadata);
                lastWasSample = !metadata;
            }
        }

        private void append(byte[] text, int lineNumber, boolean sample) {
            body.append(text, text.length);
            body.append((byte) '\n');
            fileLines.add(lineNumber);
            if (sample) {
                sampleLines.add(lineNumber);
            }
        }

        private void flush() throws ImportException {
            if (fileLines.size == 0) {
                return;
            }
            body.append(EOF_TRAILER, EOF_TRAILER.length);
            consumer.accept(new Chunk(body.toArray(), fileLines.toArray(), sampleLines.toArray()));
            body.size = 0;
            fileLines.clear();
            sampleLines.clear();
        }

        /** Reads the next line without its line feed; false at the end of the file without one. */
        private boolean readLine() throws IOException {
            line.size = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    return true;
                }
                line.append((byte) b);
            }
            return false;
        }
    }

    private static final class GrowableBytes {
        byte[] bytes;
        int size;

        GrowableBytes(int capacity) {
            bytes = new byte[capacity];
        }

        void append(byte value) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = value;
        }

        void append(byte[] values, int length) {
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
            }
            System.arraycopy(values, 0, bytes, size, length);
            size += length;
        }

        boolean equals(byte[] other) {
            return Arrays.equals(bytes, 0, size, other, 0, other.length);
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    private static final class IntList {
        int[] values = new int[1024];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int index) {
            return values[index];
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
