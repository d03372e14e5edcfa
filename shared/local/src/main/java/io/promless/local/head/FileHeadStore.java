package io.promless.local.head;

import static java.util.Objects.requireNonNull;

import io.promless.model.labels.Labels;
import io.promless.tsdb.chunkenc.ByteInput;
import io.promless.tsdb.chunkenc.ByteOutput;
import io.promless.tsdb.chunkenc.CorruptEncodingException;
import io.promless.tsdb.head.HeadStore;
import io.promless.tsdb.head.Segment;
import io.promless.tsdb.head.SegmentKey;
import io.promless.tsdb.head.SeriesEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;

/**
 * The local mode's head: files under a data directory, held in memory for reads.
 *
 * <ul>
 *   <li>{@code series.log}: the series index, an append-only log of checksummed records. A torn
 *       tail (a crash mid-append) is cut off on open. Entries become durable no later than the
 *       next {@link #putSegments} returns (segments only ever refer to series written before
 *       them) or {@link #close()}.
 *   <li>{@code segments/pack-N.seg}: one checksummed file per {@link #putSegments} call, written
 *       to a temporary file, forced to disk and moved into place atomically, so a pack is either
 *       whole or absent. A key written again is served from the newest pack; a pack whose
 *       segments are all replaced or expired is deleted.
 * </ul>
 *
 * Thread-safe. One process owns a data directory at a time.
 */
public final class FileHeadStore implements HeadStore, AutoCloseable {
    /** How hard {@link #putSegments} works before it returns. */
    public enum Durability {
        /** Forces every pack and its directory entry to the device: survives power loss (the port's promise). */
        SYNC,
        /**
         * Atomic rename without forcing: survives a crash of the process, not of the machine, like
         * Prometheus's own WAL between syncs; several times faster for small batches.
         */
        PROCESS_CRASH
    }

    private static final System.Logger LOG = System.getLogger(FileHeadStore.class.getName());
    private static final int PACK_MAGIC = 0x504C5350; // "PLSP"
    private static final int PACK_VERSION = 1;
    private static final String PACK_PREFIX = "pack-";
    private static final String PACK_SUFFIX = ".seg";
    private static final int MAX_RECORD_BYTES = 64 << 20;

    private final Path segmentsDirectory;
    private final Durability durability;
    private final FileChannel seriesLog;
    private final Object seriesLock = new Object();
    private final Map<String, Map<Long, SeriesEntry>> seriesByMetric = new ConcurrentHashMap<>();
    private final Object segmentLock = new Object();
    private final Map<String, Map<SegmentKey, StoredSegment>> segmentsByMetric = new HashMap<>();
    private final Map<Long, Integer> liveSegmentsByPack = new HashMap<>();
    private final AtomicLong nextPack;
    private final LongAdder corruptFilesSkipped = new LongAdder();
    private volatile boolean seriesLogDirty;
    private volatile boolean closed;

    private FileHeadStore(Path directory, Durability durability) throws IOException {
        this.durability = durability;
        Files.createDirectories(directory);
        this.segmentsDirectory = Files.createDirectories(directory.resolve("segments"));
        this.seriesLog = FileChannel.open(directory.resolve("series.log"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        loadSeries();
        this.nextPack = new AtomicLong(loadSegments() + 1);
    }

    /** Opens (creating if needed) the head under {@code directory} with {@link Durability#SYNC}. */
    public static FileHeadStore open(Path directory) {
        return open(directory, Durability.SYNC);
    }

    /** Opens (creating if needed) the head under {@code directory} and loads what it holds. */
    public static FileHeadStore open(Path directory, Durability durability) {
        requireNonNull(directory, "directory is null");
        requireNonNull(durability, "durability is null");
        try {
            return new FileHeadStore(directory, durability);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open head store in " + directory, e);
        }
    }

    @Override
    public boolean putSeriesIfAbsent(SeriesEntry entry) {
        requireNonNull(entry, "entry is null");
        checkOpen();
        Map<Long, SeriesEntry> series = seriesByMetric.computeIfAbsent(entry.metricName(), name -> new ConcurrentHashMap<>());
        if (series.containsKey(entry.seriesId())) {
            return false;
        }
        synchronized (seriesLock) {
            if (series.containsKey(entry.seriesId())) {
                return false;
            }
            appendRecord(encodeSeries(entry));
            seriesLogDirty = true;
            series.put(entry.seriesId(), entry);
            return true;
        }
    }

    @Override
    public List<SeriesEntry> seriesOf(String metricName) {
        requireNonNull(metricName, "metricName is null");
        Map<Long, SeriesEntry> series = seriesByMetric.get(metricName);
        return series == null ? List.of() : List.copyOf(series.values());
    }

    @Override
    public List<String> metricNames() {
        return seriesByMetric.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    @Override
    public void putSegments(List<Segment> segments) {
        requireNonNull(segments, "segments is null");
        checkOpen();
        List<Segment> copies = new ArrayList<>(segments.size());
        for (Segment segment : segments) {
            requireNonNull(segment, "segment is null");
            copies.add(new Segment(segment.key(), segment.minTime(), segment.maxTime(), segment.data().clone(),
                    segment.expiresAtEpochSecond()));
        }
        if (copies.isEmpty()) {
            return;
        }
        if (durability == Durability.SYNC) {
            forceSeriesLog();
        }
        long pack = nextPack.getAndIncrement();
        writePack(pack, copies);
        synchronized (segmentLock) {
            index(pack, copies);
        }
    }

    @Override
    public List<Segment> segments(String metricName, long minTime, long maxTime) {
        requireNonNull(metricName, "metricName is null");
        synchronized (segmentLock) {
            Map<SegmentKey, StoredSegment> segments = segmentsByMetric.get(metricName);
            if (segments == null) {
                return List.of();
            }
            List<Segment> overlapping = new ArrayList<>();
            for (StoredSegment stored : segments.values()) {
                Segment segment = stored.segment();
                if (segment.minTime() <= maxTime && segment.maxTime() >= minTime) {
                    overlapping.add(segment);
                }
            }
            return overlapping;
        }
    }

    /**
     * Forgets segments whose expiry lies before {@code nowEpochSecond} (what DynamoDB's TTL does)
     * and deletes the pack files left without live segments. Returns the segments dropped.
     */
    public int deleteExpired(long nowEpochSecond) {
        checkOpen();
        int dropped = 0;
        List<Long> emptyPacks = new ArrayList<>();
        synchronized (segmentLock) {
            for (Map<SegmentKey, StoredSegment> segments : segmentsByMetric.values()) {
                Iterator<StoredSegment> iterator = segments.values().iterator();
                while (iterator.hasNext()) {
                    StoredSegment stored = iterator.next();
                    if (stored.segment().expiresAtEpochSecond() < nowEpochSecond) {
                        iterator.remove();
                        dropped++;
                        if (release(stored.pack())) {
                            emptyPacks.add(stored.pack());
                        }
                    }
                }
            }
        }
        for (long pack : emptyPacks) {
            deleteQuietly(packPath(pack));
        }
        return dropped;
    }

    /** Files skipped on open because their checksum or layout was wrong (also logged). */
    public long corruptFilesSkipped() {
        return corruptFilesSkipped.sum();
    }

    /** Makes every accepted series entry durable and closes the files. Reads keep working; writes fail. */
    @Override
    public void close() {
        synchronized (seriesLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                seriesLog.force(false);
                seriesLog.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the series log", e);
            }
        }
    }

    private void forceSeriesLog() {
        if (!seriesLogDirty) {
            return;
        }
        synchronized (seriesLock) {
            try {
                seriesLog.force(false);
                seriesLogDirty = false;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync the series log", e);
            }
        }
    }

    private void index(long pack, List<Segment> segments) {
        for (Segment segment : segments) {
            Map<SegmentKey, StoredSegment> forMetric = segmentsByMetric.computeIfAbsent(segment.key().metricName(),
                    name -> new HashMap<>());
            StoredSegment previous = forMetric.get(segment.key());
            if (previous != null && previous.pack() > pack) {
                continue; // a newer pack already holds this key
            }
            forMetric.put(segment.key(), new StoredSegment(segment, pack));
            liveSegmentsByPack.merge(pack, 1, Integer::sum);
            if (previous != null && release(previous.pack())) {
                deleteQuietly(packPath(previous.pack()));
            }
        }
        if (!liveSegmentsByPack.containsKey(pack)) {
            deleteQuietly(packPath(pack));
        }
    }

    /** Drops one live segment of a pack; true when the pack has none left. */
    private boolean release(long pack) {
        Integer remaining = liveSegmentsByPack.merge(pack, -1, Integer::sum);
        if (remaining != null && remaining <= 0) {
            liveSegmentsByPack.remove(pack);
            return true;
        }
        return false;
    }

    private void writePack(long pack, List<Segment> segments) {
        ByteOutput out = new ByteOutput(1024);
        out.writeUnsignedVarint(PACK_VERSION);
        out.writeUnsignedVarint(segments.size());
        for (Segment segment : segments) {
            SegmentKey key = segment.key();
            writeString(out, key.metricName());
            out.writeSignedVarint(key.bucketStart());
            out.writeUnsignedVarint(key.shard());
            writeString(out, key.id());
            out.writeSignedVarint(segment.minTime());
            out.writeSignedVarint(segment.maxTime());
            out.writeSignedVarint(segment.expiresAtEpochSecond());
            out.writeUnsignedVarint(segment.data().length);
            out.writeBytes(segment.data());
        }
        Path target = packPath(pack);
        Path temporary = segmentsDirectory.resolve(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(channel, frame(PACK_MAGIC, out.toByteArray()));
            if (durability == Durability.SYNC) {
                channel.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write head segments to " + temporary, e);
        }
        try {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (durability == Durability.SYNC) {
                forceDirectory(segmentsDirectory);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot move head segments into " + target, e);
        }
    }

    /** Reads every pack in order; returns the highest pack number seen. */
    private long loadSegments() throws IOException {
        TreeMap<Long, Path> packs = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(segmentsDirectory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    deleteQuietly(file); // a write that never completed; its caller saw a failure
                } else if (name.startsWith(PACK_PREFIX) && name.endsWith(PACK_SUFFIX)) {
                    try {
                        packs.put(Long.parseLong(name.substring(PACK_PREFIX.length(), name.length() - PACK_SUFFIX.length())), file);
                    } catch (NumberFormatException e) {
                        LOG.log(System.Logger.Level.WARNING, "ignoring unexpected file " + file);
                    }
                }
            }
        }
        synchronized (segmentLock) {
            for (Map.Entry<Long, Path> pack : packs.entrySet()) {
                try {
                    index(pack.getKey(), readPack(pack.getValue()));
                } catch (CorruptEncodingException e) {
                    corruptFilesSkipped.increment();
                    LOG.log(System.Logger.Level.ERROR, "skipping corrupt head pack " + pack.getValue() + ": " + e.getMessage());
                }
            }
        }
        return packs.isEmpty() ? 0 : packs.lastKey();
    }

    private static List<Segment> readPack(Path file) throws IOException {
        ByteInput in = new ByteInput(unframe(PACK_MAGIC, Files.readAllBytes(file), file));
        long version = in.readUnsignedVarint();
        if (version != PACK_VERSION) {
            throw new CorruptEncodingException("unknown pack version " + version);
        }
        int count = in.readCount();
        List<Segment> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String metricName = readString(in);
            long bucketStart = in.readSignedVarint();
            int shard = in.readCount();
            String id = readString(in);
            long minTime = in.readSignedVarint();
            long maxTime = in.readSignedVarint();
            long expires = in.readSignedVarint();
            byte[] data = readBytes(in, in.readCount());
            try {
                segments.add(new Segment(new SegmentKey(metricName, bucketStart, shard, id), minTime, maxTime, data, expires));
            } catch (IllegalArgumentException e) {
                throw new CorruptEncodingException("invalid segment in pack: " + e.getMessage());
            }
        }
        return segments;
    }

    private void loadSeries() throws IOException {
        long size = seriesLog.size();
        long position = 0;
        ByteBuffer header = ByteBuffer.allocate(8);
        while (position < size) {
            header.clear();
            if (readFully(seriesLog, header, position) < 8) {
                break;
            }
            int length = header.getInt(0);
            int checksum = header.getInt(4);
            if (length < 0 || length > MAX_RECORD_BYTES || position + 8 + length > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(seriesLog, payload, position + 8);
            if (crc(payload.array()) != checksum) {
                break;
            }
            SeriesEntry entry;
            try {
                entry = decodeSeries(payload.array());
            } catch (CorruptEncodingException | IllegalArgumentException e) {
                break;
            }
            seriesByMetric.computeIfAbsent(entry.metricName(), name -> new ConcurrentHashMap<>())
                    .putIfAbsent(entry.seriesId(), entry);
            position += 8 + length;
        }
        if (position < size) {
            LOG.log(System.Logger.Level.WARNING, "series log has a torn or corrupt tail after byte " + position
                    + " of " + size + "; cutting it off");
            seriesLog.truncate(position);
            seriesLog.force(true);
        }
        seriesLog.position(position);
    }

    private static byte[] encodeSeries(SeriesEntry entry) {
        ByteOutput out = new ByteOutput(128);
        writeString(out, entry.metricName());
        out.writeLong(entry.seriesId());
        Labels labels = entry.labels();
        out.writeUnsignedVarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            writeString(out, labels.name(i));
            writeString(out, labels.value(i));
        }
        return out.toByteArray();
    }

    private static SeriesEntry decodeSeries(byte[] payload) {
        ByteInput in = new ByteInput(payload);
        String metricName = readString(in);
        long seriesId = in.readLong();
        int count = in.readCount();
        String[] names = new String[count];
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = readString(in);
            values[i] = readString(in);
        }
        return new SeriesEntry(metricName, seriesId, Labels.ofSorted(names, values));
    }

    /** Appends one record; on failure cuts the log back so later records never follow garbage. Under seriesLock. */
    private void appendRecord(byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
        record.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        long start = -1;
        try {
            start = seriesLog.position();
            while (record.hasRemaining()) {
                seriesLog.write(record);
            }
        } catch (IOException e) {
            if (start >= 0) {
                try {
                    seriesLog.truncate(start);
                    seriesLog.position(start);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot append to the series log", e);
        }
    }

    private static byte[] frame(int magic, byte[] body) {
        ByteBuffer framed = ByteBuffer.allocate(body.length + 8);
        framed.putInt(magic).put(body).putInt(crc(body));
        return framed.array();
    }

    private static byte[] unframe(int magic, byte[] file, Path path) {
        if (file.length < 8 || ByteBuffer.wrap(file).getInt(0) != magic) {
            throw new CorruptEncodingException("not a head pack: " + path);
        }
        byte[] body = new byte[file.length - 8];
        System.arraycopy(file, 4, body, 0, body.length);
        if (crc(body) != ByteBuffer.wrap(file).getInt(file.length - 4)) {
            throw new CorruptEncodingException("checksum mismatch in " + path);
        }
        return body;
    }

    private static int crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static void writeString(ByteOutput out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeUnsignedVarint(bytes.length);
        out.writeBytes(bytes);
    }

    private static String readString(ByteInput in) {
        return new String(readBytes(in, in.readCount()), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteInput in, int length) {
        if (length > in.remaining()) {
            throw new CorruptEncodingException("field longer than its record");
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) in.readByte();
        }
        return bytes;
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + total);
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot sync a directory; the rename itself is still atomic.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e.getMessage());
        }
    }

    private Path packPath(long pack) {
        return segmentsDirectory.resolve(String.format("%s%020d%s", PACK_PREFIX, pack, PACK_SUFFIX));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("head store is closed");
        }
    }

    private record StoredSegment(Segment segment, long pack) {}
}
