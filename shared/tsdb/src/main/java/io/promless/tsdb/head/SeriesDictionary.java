package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import io.promless.tsdb.chunkenc.ByteInput;
import io.promless.tsdb.chunkenc.ByteOutput;
import io.promless.tsdb.chunkenc.CorruptEncodingException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The sorted series ids of one scrape group, stored once per metric, bucket and shard as its
 * own segment, so that every later scrape of the same target refers to it by an 8-byte hash
 * instead of repeating 8 bytes per series. The hash is of the content, so every writer derives
 * the same key and rewriting a dictionary is harmless.
 */
public final class SeriesDictionary {
    static final String SEGMENT_ID_PREFIX = "d.";

    private final long[] seriesIds;
    private final long hash;

    private SeriesDictionary(long[] seriesIds) {
        this.seriesIds = seriesIds;
        this.hash = hashOf(seriesIds);
    }

    /** @param sortedSeriesIds strictly ascending series ids (copied) */
    public static SeriesDictionary of(long[] sortedSeriesIds) {
        requireNonNull(sortedSeriesIds, "sortedSeriesIds is null");
        for (int i = 1; i < sortedSeriesIds.length; i++) {
            if (sortedSeriesIds[i] <= sortedSeriesIds[i - 1]) {
                throw new IllegalArgumentException("series ids are not strictly ascending");
            }
        }
        return new SeriesDictionary(sortedSeriesIds.clone());
    }

    /** The stable 64-bit hash of a strictly ascending id list: what scrape groups store. */
    public static long hashOf(long[] sortedSeriesIds) {
        long h = 0x243F6A8885A308D3L ^ sortedSeriesIds.length;
        for (long id : sortedSeriesIds) {
            h = mix(h ^ id);
        }
        return mix(h);
    }

    private static long mix(long value) {
        long z = value * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 29);
    }

    public long hash() {
        return hash;
    }

    public int size() {
        return seriesIds.length;
    }

    public long seriesId(int index) {
        return seriesIds[index];
    }

    /** The id of the segment that stores this dictionary. */
    public String segmentId() {
        return segmentIdOf(hash);
    }

    static String segmentIdOf(long hash) {
        return SEGMENT_ID_PREFIX + HexFormat.of().toHexDigits(hash);
    }

    public byte[] encode() {
        ByteOutput out = new ByteOutput(2 + seriesIds.length * 8);
        out.writeByte(SegmentFormat.DICTIONARY.headerByte());
        out.writeUnsignedVarint(seriesIds.length);
        for (long id : seriesIds) {
            out.writeLong(id);
        }
        return out.toByteArray();
    }

    public static SeriesDictionary decode(byte[] data) {
        if (SegmentFormat.of(data) != SegmentFormat.DICTIONARY) {
            throw new CorruptEncodingException("not a dictionary segment");
        }
        ByteInput in = new ByteInput(data, 1, data.length - 1);
        int count = in.readCount();
        if (count > in.remaining() / 8) {
            throw new CorruptEncodingException("dictionary count exceeds its data");
        }
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = in.readLong();
        }
        if (in.hasRemaining()) {
            throw new CorruptEncodingException("trailing bytes after dictionary");
        }
        for (int i = 1; i < count; i++) {
            if (ids[i] <= ids[i - 1]) {
                throw new CorruptEncodingException("dictionary ids not ascending");
            }
        }
        return new SeriesDictionary(ids);
    }

    /** Whether a segment's bytes hold a dictionary rather than samples. */
    public static boolean isDictionary(byte[] segmentData) {
        return segmentData.length > 0 && SegmentFormat.of(segmentData) == SegmentFormat.DICTIONARY;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesDictionary that && Arrays.equals(seriesIds, that.seriesIds);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash);
    }
}
