package io.promless.blocks.parquet;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet file already in memory (a whole object fetched from the object store). */
public final class ByteArrayInputFile implements InputFile {
    private final byte[] data;

    /** @param data owned by this file from now on; not copied */
    public ByteArrayInputFile(byte[] data) {
        this.data = requireNonNull(data, "data is null");
    }

    @Override
    public long getLength() {
        return data.length;
    }

    @Override
    public SeekableInputStream newStream() {
        SeekableByteStream stream = new SeekableByteStream(data);
        return new DelegatingSeekableInputStream(stream) {
            @Override
            public long getPos() {
                return stream.position();
            }

            @Override
            public void seek(long newPosition) throws EOFException {
                stream.seek(newPosition);
            }
        };
    }

    private static final class SeekableByteStream extends ByteArrayInputStream {
        SeekableByteStream(byte[] data) {
            super(data);
        }

        long position() {
            return pos;
        }

        void seek(long newPosition) throws EOFException {
            if (newPosition < 0 || newPosition > count) {
                throw new EOFException("seek to " + newPosition + " outside a file of " + count + " bytes");
            }
            pos = (int) newPosition;
        }
    }
}
