package io.promless.tsdb.head;

import static java.util.Objects.requireNonNull;

import io.promless.tsdb.chunkenc.ByteInput;
import io.promless.tsdb.chunkenc.CorruptEncodingException;
import io.promless.tsdb.chunkenc.DecimalColumnCodec;
import io.promless.tsdb.chunkenc.DecimalValueCodec;
import io.promless.tsdb.chunkenc.XorChunkIterator;
import java.util.function.LongFunction;

/** Decodes segments written by {@link SegmentEncoder}. Stateless and thread-safe. */
public final class SegmentDecoder {
    private SegmentDecoder() {}

    /**
     * Streams every sample of a sample segment to {@code consumer}.
     *
     * @param dictionaries finds a dictionary of the same metric, bucket and shard by hash; null when unknown
     * @throws CorruptEncodingException when the bytes are malformed or a dictionary is missing
     */
    public static void decode(Segment segment, LongFunction<SeriesDictionary> dictionaries, SampleConsumer consumer) {
        requireNonNull(segment, "segment is null");
        requireNonNull(dictionaries, "dictionaries is null");
        requireNonNull(consumer, "consumer is null");
        byte[] data = segment.data();
        SegmentFormat format = SegmentFormat.of(data);
        ByteInput in = new ByteInput(data, 1, data.length - 1);
        switch (format) {
            case SCRAPE_GROUPS -> decodeScrapeGroups(in, segment.minTime(), dictionaries, consumer);
            case SINGLE_SCRAPE_GROUP -> {
                decodeGroup(in, segment.minTime(), dictionaries, consumer);
                requireFullyRead(in);
            }
            case SINGLE_SAMPLE -> {
                consumer.accept(in.readLong(), segment.minTime(), DecimalValueCodec.read(in));
                requireFullyRead(in);
            }
            case SERIES_CHUNKS -> decodeSeriesChunks(in, segment.minTime(), consumer);
            case DICTIONARY -> throw new CorruptEncodingException("a dictionary segment holds no samples");
        }
    }

    /** The number of samples in a sample segment, without resolving dictionaries. */
    public static int countSamples(Segment segment) {
        byte[] data = segment.data();
        SegmentFormat format = SegmentFormat.of(data);
        ByteInput in = new ByteInput(data, 1, data.length - 1);
        int samples = 0;
        switch (format) {
            case SCRAPE_GROUPS -> {
                int groups = in.readCount();
                for (int g = 0; g < groups; g++) {
                    in.readUnsignedVarint();
                    samples += skipGroup(in);
                }
            }
            case SINGLE_SCRAPE_GROUP -> samples += skipGroup(in);
            case SINGLE_SAMPLE -> samples = 1;
            case SERIES_CHUNKS -> {
                int series = in.readCount();
                for (int s = 0; s < series; s++) {
                    in.readLong();
                    ByteInput chunk = in.slice(in.readCount());
                    samples += chunk.readCount();
                }
            }
            case DICTIONARY -> {
                return 0;
            }
        }
        return samples;
    }

    private static void decodeScrapeGroups(ByteInput in, long minTime, LongFunction<SeriesDictionary> dictionaries,
            SampleConsumer consumer) {
        int groups = in.readCount();
        long timestamp = minTime;
        for (int g = 0; g < groups; g++) {
            timestamp += in.readUnsignedVarint();
            decodeGroup(in, timestamp, dictionaries, consumer);
        }
        requireFullyRead(in);
    }

    private static void decodeGroup(ByteInput in, long timestamp, LongFunction<SeriesDictionary> dictionaries,
            SampleConsumer consumer) {
        int size = in.readCount();
        long reference = in.readLong();
        if (size == 1) {
            consumer.accept(reference, timestamp, DecimalValueCodec.read(in));
            return;
        }
        SeriesDictionary dictionary = dictionaries.apply(reference);
        if (dictionary == null) {
            throw new CorruptEncodingException("missing series dictionary " + SeriesDictionary.segmentIdOf(reference));
        }
        if (dictionary.size() != size) {
            throw new CorruptEncodingException("group of " + size + " series refers to a dictionary of " + dictionary.size());
        }
        if (size > in.remaining()) {
            throw new CorruptEncodingException("group larger than its data");
        }
        double[] values = new double[size];
        DecimalColumnCodec.read(in, values, size);
        for (int i = 0; i < size; i++) {
            consumer.accept(dictionary.seriesId(i), timestamp, values[i]);
        }
    }

    private static int skipGroup(ByteInput in) {
        int size = in.readCount();
        in.readLong();
        if (size == 1) {
            DecimalValueCodec.read(in);
        } else {
            if (size > in.remaining()) {
                throw new CorruptEncodingException("group larger than its data");
            }
            DecimalColumnCodec.read(in, new double[size], size);
        }
        return size;
    }

    private static void requireFullyRead(ByteInput in) {
        if (in.hasRemaining()) {
            throw new CorruptEncodingException("trailing bytes after the segment's samples");
        }
    }

    private static void decodeSeriesChunks(ByteInput in, long minTime, SampleConsumer consumer) {
        int series = in.readCount();
        for (int s = 0; s < series; s++) {
            long seriesId = in.readLong();
            XorChunkIterator chunk = new XorChunkIterator(in.slice(in.readCount()));
            while (chunk.next()) {
                consumer.accept(seriesId, chunk.timestamp() + minTime, chunk.value());
            }
        }
        requireFullyRead(in);
    }
}
