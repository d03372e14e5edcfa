package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The output of {@link SegmentEncoder}: the segment bytes, the time range they cover, how many
 * samples they hold, and the series dictionaries they refer to (which must be stored first).
 */
public record EncodedSegment(byte[] data, long minTime, long maxTime, int sampleCount,
        List<SeriesDictionary> dictionaries) {
    public EncodedSegment {
        requireNonNull(data, "data is null");
        dictionaries = List.copyOf(requireNonNull(dictionaries, "dictionaries is null"));
    }
}
