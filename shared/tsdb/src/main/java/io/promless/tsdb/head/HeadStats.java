package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * Size figures of what a head store holds over a window, for benchmarks: segment data bytes
 * (sample segments plus the dictionaries they share), an estimate of the whole items' bytes,
 * and the samples stored.
 *
 * @param itemBytes data bytes plus each item's key and attributes as a DynamoDB item would
 *     carry them (metric name, id, and five numbers counted at 8 bytes each); an estimate
 */
public record HeadStats(long sampleSegments, long dictionarySegments, long sampleBytes, long dictionaryBytes,
        long itemBytes, long samples) {
    private static final int NUMBER_ATTRIBUTES_BYTES = 5 * 8;

    /** Walks every metric of the store and every segment overlapping {@code [minTime, maxTime]}. */
    public static HeadStats of(HeadStore store, long minTime, long maxTime) {
        return of(store, HeadOptions.defaults(), minTime, maxTime);
    }

    /** As {@link #of(HeadStore, long, long)} for a head written with these options (metric groups). */
    public static HeadStats of(HeadStore store, HeadOptions options, long minTime, long maxTime) {
        requireNonNull(store, "store is null");
        requireNonNull(options, "options is null");
        long sampleSegments = 0;
        long dictionarySegments = 0;
        long sampleBytes = 0;
        long dictionaryBytes = 0;
        long itemBytes = 0;
        long samples = 0;
        for (String metricName : store.metricNames().stream().map(options::partitionOf).distinct().toList()) {
            int nameBytes = metricName.getBytes(StandardCharsets.UTF_8).length;
            for (Segment segment : store.segments(metricName, minTime, maxTime)) {
                int dataBytes = segment.data().length;
                itemBytes += dataBytes + nameBytes + segment.key().id().length() + NUMBER_ATTRIBUTES_BYTES;
                if (SeriesDictionary.isDictionary(segment.data())) {
                    dictionarySegments++;
                    dictionaryBytes += dataBytes;
                } else {
                    sampleSegments++;
                    sampleBytes += dataBytes;
                    samples += SegmentDecoder.countSamples(segment);
                }
            }
        }
        return new HeadStats(sampleSegments, dictionarySegments, sampleBytes, dictionaryBytes, itemBytes, samples);
    }

    /** Segment data bytes (dictionaries included) per sample. */
    public double bytesPerSample() {
        return samples == 0 ? 0 : (double) (sampleBytes + dictionaryBytes) / samples;
    }

    /** Estimated whole-item bytes (keys and attributes included) per sample. */
    public double itemBytesPerSample() {
        return samples == 0 ? 0 : (double) itemBytes / samples;
    }

    @Override
    public String toString() {
        return String.format("%d samples in %d segments (+%d dictionaries): %.2f bytes/sample data, %.2f bytes/sample with item keys",
                samples, sampleSegments, dictionarySegments, bytesPerSample(), itemBytesPerSample());
    }
}
