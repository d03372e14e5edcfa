package io.promless.tsdb.head;

import io.promless.tsdb.chunkenc.CorruptEncodingException;

/** The first byte of every segment: format version in the high nibble, layout in the low one. */
enum SegmentFormat {
    /** Samples grouped by timestamp (one group is typically one scrape); values decimal-coded. */
    SCRAPE_GROUPS(0),
    /** One XOR chunk per series; chosen when series carry several samples each. */
    SERIES_CHUNKS(1),
    /** A sorted list of series ids that scrape groups refer to by its hash. */
    DICTIONARY(2),
    /** Scrape groups with exactly one group at the segment's minTime: count and timestamp are implied. */
    SINGLE_SCRAPE_GROUP(3),
    /** One sample of one series at the segment's minTime: just the series id and the value. */
    SINGLE_SAMPLE(4);

    static final int VERSION = 1;

    private final int code;

    SegmentFormat(int code) {
        this.code = code;
    }

    int headerByte() {
        return (VERSION << 4) | code;
    }

    static SegmentFormat of(byte[] data) {
        if (data.length == 0) {
            throw new CorruptEncodingException("empty segment");
        }
        int header = data[0] & 0xFF;
        if (header >>> 4 != VERSION) {
            throw new CorruptEncodingException("unknown segment version " + (header >>> 4));
        }
        int code = header & 0xF;
        for (SegmentFormat format : values()) {
            if (format.code == code) {
                return format;
            }
        }
        throw new CorruptEncodingException("unknown segment layout " + code);
    }
}
