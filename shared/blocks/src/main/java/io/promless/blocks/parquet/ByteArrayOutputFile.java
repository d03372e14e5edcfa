package io.promless.blocks.parquet;

import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** Collects a Parquet file in memory, to be put into the object store as one object. Single use. */
public final class ByteArrayOutputFile implements OutputFile {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        buffer.reset();
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return buffer.size();
            }

            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                buffer.write(bytes, offset, length);
            }
        };
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    public byte[] toByteArray() {
        return buffer.toByteArray();
    }
}
