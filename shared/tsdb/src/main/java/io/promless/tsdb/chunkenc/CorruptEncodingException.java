package io.promless.tsdb.chunkenc;

/** Stored bytes that cannot be decoded: truncated, of an unknown version, or inconsistent. */
public final class CorruptEncodingException extends RuntimeException {
    public CorruptEncodingException(String message) {
        super(message);
    }
}
