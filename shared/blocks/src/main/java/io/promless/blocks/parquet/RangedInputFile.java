package io.promless.blocks.parquet;

import static java.util.Objects.requireNonNull;

import io.promless.ports.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file read from the object store through ranged GETs only, never as a whole object.
 * The first access fetches the file's tail (where the footer is) in one request; afterwards each
 * {@code readFully} of a column chunk run is one request of exactly that run, and small reads
 * fetch a short read-ahead. Counts requests and bytes. Thread-safe: each stream is independent.
 */
public final class RangedInputFile implements InputFile {
    /** Large enough for the footer of a typical block, so opening a block is one request. */
    public static final int TAIL_BYTES = 64 * 1024;
    private static final int READ_AHEAD_BYTES = 8 * 1024;

    private final ObjectStore objects;
    private final String key;
    private final long length;
    private final LongAdder requests;
    private final LongAdder bytesRead;
    private volatile Window tail;

    /** @param length the object's size, known from the block meta or a HEAD request */
    public RangedInputFile(ObjectStore objects, String key, long length) {
        this(objects, key, length, new LongAdder(), new LongAdder());
    }

    /** As above, counting into the given adders (e.g. shared by every file of a block store). */
    public RangedInputFile(ObjectStore objects, String key, long length, LongAdder requests, LongAdder bytesRead) {
        this.requests = requireNonNull(requests, "requests is null");
        this.bytesRead = requireNonNull(bytesRead, "bytesRead is null");
        this.objects = requireNonNull(objects, "objects is null");
        this.key = requireNonNull(key, "key is null");
        if (length < 0) {
            throw new IllegalArgumentException("length is negative: " + length);
        }
        this.length = length;
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new RangedStream();
    }

    /** GET requests made so far (by every file sharing the adder). */
    public long requests() {
        return requests.sum();
    }

    /** Bytes those requests returned. */
    public long bytesRead() {
        return bytesRead.sum();
    }

    @Override
    public String toString() {
        return key;
    }

    private Window tail() throws IOException {
        Window current = tail;
        if (current == null) {
            long start = Math.max(0, length - TAIL_BYTES);
            current = new Window(start, fetch(start, (int) (length - start)));
            tail = current;
        }
        return current;
    }

    private byte[] fetch(long offset, int size) throws IOException {
        requests.increment();
        byte[] data = objects.getRange(key, offset, size).orElseThrow(() -> new MissingObjectException(key));
        bytesRead.add(data.length);
        if (data.length < size) {
            throw new EOFException("object " + key + " ends at " + (offset + data.length) + ", before the "
                    + length + " bytes expected: truncated");
        }
        return data;
    }

    /** The object vanished between opening and reading (deleted, or never written). */
    public static final class MissingObjectException extends IOException {
        MissingObjectException(String key) {
            super("object " + key + " does not exist");
        }
    }

    /** Bytes of the file starting at {@code start}. */
    private record Window(long start, byte[] data) {
        boolean covers(long position, int size) {
            return position >= start && position + size <= start + data.length;
        }
    }

    private final class RangedStream extends SeekableInputStream {
        private long position;
        private Window buffer;

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void seek(long newPosition) throws IOException {
            if (newPosition < 0 || newPosition > length) {
                throw new EOFException("seek to " + newPosition + " outside " + key + " of " + length + " bytes");
            }
            position = newPosition;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int size) throws IOException {
            if (size == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int available = (int) Math.min(size, length - position);
            copy(target, offset, available, true);
            return available;
        }

        @Override
        public void readFully(byte[] target) throws IOException {
            readFully(target, 0, target.length);
        }

        @Override
        public void readFully(byte[] target, int offset, int size) throws IOException {
            if (position + size > length) {
                throw new EOFException("read of " + size + " bytes at " + position + " past the end of " + key);
            }
            copy(target, offset, size, false);
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            if (!target.hasRemaining()) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int size = (int) Math.min(target.remaining(), length - position);
            byte[] bytes = new byte[size];
            copy(bytes, 0, size, true);
            target.put(bytes);
            return size;
        }

        @Override
        public void readFully(ByteBuffer target) throws IOException {
            int size = target.remaining();
            byte[] bytes = new byte[size];
            readFully(bytes, 0, size);
            target.put(bytes);
        }

        /** Serves from the tail or the read-ahead buffer, else fetches: exactly the bytes for large reads. */
        private void copy(byte[] target, int offset, int size, boolean mayReadAhead) throws IOException {
            Window source = window(size, mayReadAhead);
            System.arraycopy(source.data(), (int) (position - source.start()), target, offset, size);
            position += size;
        }

        private Window window(int size, boolean mayReadAhead) throws IOException {
            if (buffer != null && buffer.covers(position, size)) {
                return buffer;
            }
            if (position >= Math.max(0, length - TAIL_BYTES)) {
                Window tailWindow = tail();
                if (tailWindow.covers(position, size)) {
                    return tailWindow;
                }
            }
            int fetchSize = size;
            if (mayReadAhead || size < READ_AHEAD_BYTES) {
                fetchSize = (int) Math.min(Math.max(size, READ_AHEAD_BYTES), length - position);
            }
            Window fetched = new Window(position, fetch(position, fetchSize));
            if (fetchSize > size) {
                buffer = fetched;
            }
            return fetched;
        }
    }
}
