package io.promless.blocks;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.chunk.ChunkCodec;
import io.promless.blocks.parquet.AircompressorCodecFactory;
import io.promless.blocks.parquet.RangedInputFile;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.storage.Series;
import io.promless.tsdb.chunkenc.CorruptEncodingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one block file. The footer is read once when opened. Row groups whose {@code __name__} or
 * time statistics exclude the query are skipped; of the others, the label and row-time columns
 * are read once and kept (the block's in-memory index), matchers pick the rows, and only then the
 * chunk columns overlapping the window are fetched, for row groups with a matching row, and only
 * the matching rows' chunks decoded. Any damage (not Parquet, missing columns, undecodable chunks)
 * is a {@link PromlessException} naming the block. Thread-safe.
 */
public final class BlockReader {
    private final String blockId;
    private final InputFile file;
    private final ParquetReadOptions readOptions;
    private final ParquetMetadata footer;
    private final MessageType schema;
    private final long minTime;
    private final long maxTime;
    private final long dataColumnMillis;
    private final List<String> labelNames;
    private final LongAdder rowGroupsRead = new LongAdder();
    private final LongAdder rowGroupsSkipped = new LongAdder();
    private final AtomicReferenceArray<RowGroupLabels> rowGroupLabels;

    private BlockReader(String blockId, InputFile file, ParquetReadOptions readOptions, ParquetMetadata footer) {
        this.blockId = blockId;
        this.file = file;
        this.readOptions = readOptions;
        this.footer = footer;
        this.schema = footer.getFileMetaData().getSchema();
        Map<String, String> metadata = footer.getFileMetaData().getKeyValueMetaData();
        this.minTime = longMetadata(metadata, BlockSchema.MIN_TIME_METADATA);
        this.maxTime = longMetadata(metadata, BlockSchema.MAX_TIME_METADATA);
        this.dataColumnMillis = longMetadata(metadata, BlockSchema.DATA_COLUMN_DURATION_METADATA);
        if (dataColumnMillis <= 0 || maxTime <= minTime) {
            throw corrupt("bad time range or data column duration in file metadata", null);
        }
        String encoding = metadata.get(BlockSchema.CHUNK_ENCODING_METADATA);
        if (encoding != null && !encoding.equals(BlockSchema.CHUNK_ENCODING)) {
            throw corrupt("unsupported chunk encoding " + encoding, null);
        }
        for (String required : List.of(BlockSchema.MIN_TIME, BlockSchema.MAX_TIME, BlockSchema.METRIC_NAME_COLUMN)) {
            if (!schema.containsField(required)) {
                throw corrupt("missing column " + required, null);
            }
        }
        // Every time slice of the block has a chunk column; one missing means samples would vanish silently.
        long slices = (maxTime - minTime + dataColumnMillis - 1) / dataColumnMillis;
        if (slices > schema.getFieldCount()) {
            throw corrupt("file metadata implies " + slices + " data columns, more than the file's "
                    + schema.getFieldCount() + " columns", null);
        }
        for (int slice = 0; slice < slices; slice++) {
            if (!schema.containsField(BlockSchema.dataColumn(slice))) {
                throw corrupt("missing column " + BlockSchema.dataColumn(slice), null);
            }
        }
        List<String> names = new ArrayList<>();
        for (Type field : schema.getFields()) {
            if (field.getName().startsWith(BlockSchema.LABEL_COLUMN_PREFIX)) {
                names.add(field.getName().substring(BlockSchema.LABEL_COLUMN_PREFIX.length()));
            }
        }
        this.labelNames = List.copyOf(names);
        this.rowGroupLabels = new AtomicReferenceArray<>(footer.getBlocks().size());
    }

    /**
     * Reads and keeps the footer (the only read until {@link #select}); with a {@link
     * io.promless.blocks.parquet.RangedInputFile} that is one ranged GET of the file's tail.
     *
     * @throws PromlessException naming the block when the file is missing, truncated or not a block
     */
    public static BlockReader open(String blockId, InputFile file) {
        requireNonNull(blockId, "blockId is null");
        requireNonNull(file, "file is null");
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new AircompressorCodecFactory())
                .build();
        try (SeekableInputStream stream = file.newStream()) {
            return new BlockReader(blockId, file, options, ParquetFileReader.readFooter(file, options, stream));
        } catch (IOException | RuntimeException e) {
            if (e instanceof PromlessException promless) {
                throw promless;
            }
            throw new PromlessException(ErrorType.INTERNAL,
                    "block " + blockId + ": cannot read Parquet footer: " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof RangedInputFile.MissingObjectException) {
            return "data object is missing (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    public String blockId() {
        return blockId;
    }

    public long minTime() {
        return minTime;
    }

    public long maxTime() {
        return maxTime;
    }

    /** Label names that have a column in this block, sorted. */
    public List<String> labelNames() {
        return labelNames;
    }

    /**
     * Series matching every matcher with samples in the inclusive window, in {@link
     * BlockWriter#ROW_ORDER}, each with only its samples inside the window.
     */
    public List<Series> select(List<LabelMatcher> matchers, long windowMin, long windowMax) {
        requireNonNull(matchers, "matchers is null");
        List<Series> result = new ArrayList<>();
        if (windowMax < minTime || windowMin >= maxTime) {
            return result;
        }
        List<String> dataColumns = dataColumns(windowMin, windowMax);
        try {
            List<BlockMetaData> rowGroups = footer.getBlocks();
            for (int index = 0; index < rowGroups.size(); index++) {
                if (!mayMatch(rowGroups.get(index), matchers, windowMin, windowMax)) {
                    rowGroupsSkipped.increment();
                    continue;
                }
                RowGroupLabels labels = rowGroupLabels(index);
                int[] rows = labels.matching(matchers, windowMin, windowMax);
                if (rows.length == 0 || dataColumns.isEmpty()) {
                    continue;
                }
                rowGroupsRead.increment();
                readSamples(index, labels, rows, dataColumns, windowMin, windowMax, result);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PromlessException promless) {
                throw promless;
            }
            throw corrupt("cannot read rows: " + describe(e), e);
        }
        return result;
    }

    /**
     * Label sets of the series matching every matcher whose time range overlaps the inclusive
     * window, in {@link BlockWriter#ROW_ORDER}; reads no samples.
     */
    public List<Labels> series(List<LabelMatcher> matchers, long windowMin, long windowMax) {
        requireNonNull(matchers, "matchers is null");
        List<Labels> result = new ArrayList<>();
        if (windowMax < minTime || windowMin >= maxTime) {
            return result;
        }
        try {
            List<BlockMetaData> rowGroups = footer.getBlocks();
            for (int index = 0; index < rowGroups.size(); index++) {
                if (!mayMatch(rowGroups.get(index), matchers, windowMin, windowMax)) {
                    continue;
                }
                RowGroupLabels labels = rowGroupLabels(index);
                for (int row : labels.matching(matchers, windowMin, windowMax)) {
                    result.add(labels.labels[row]);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PromlessException promless) {
                throw promless;
            }
            throw corrupt("cannot read rows: " + describe(e), e);
        }
        return result;
    }

    /**
     * Every series with samples in the inclusive window, in {@link BlockWriter#ROW_ORDER}, read
     * one row group at a time as the iterator advances: a merge holds one row group of each
     * source, not whole blocks. Labels read this way are not kept. Errors surface from the
     * iterator as {@link PromlessException}s naming the block.
     */
    public java.util.Iterator<Series> scan(long windowMin, long windowMax) {
        List<String> dataColumns = dataColumns(windowMin, windowMax);
        int rowGroupCount = footer.getBlocks().size();
        return new java.util.Iterator<>() {
            private int nextRowGroup;
            private java.util.Iterator<Series> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && nextRowGroup < rowGroupCount) {
                    current = readRowGroup(nextRowGroup++).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Series next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }

            private List<Series> readRowGroup(int index) {
                List<Series> result = new ArrayList<>();
                if (windowMax < minTime || windowMin >= maxTime || dataColumns.isEmpty()) {
                    return result;
                }
                try {
                    RowGroupLabels labels = rowGroupLabels.get(index);
                    if (labels == null) {
                        labels = readRowGroupLabels(index);
                    }
                    int[] rows = labels.matching(List.of(), windowMin, windowMax);
                    if (rows.length > 0) {
                        readSamples(index, labels, rows, dataColumns, windowMin, windowMax, result);
                    }
                } catch (IOException | RuntimeException e) {
                    if (e instanceof PromlessException promless) {
                        throw promless;
                    }
                    throw corrupt("cannot read rows: " + describe(e), e);
                }
                return result;
            }
        };
    }

    /** The {@code s_data_<n>} columns overlapping the inclusive window that the file has. */
    private List<String> dataColumns(long windowMin, long windowMax) {
        List<String> dataColumns = new ArrayList<>();
        if (windowMax < minTime || windowMin >= maxTime) {
            return dataColumns;
        }
        int firstColumn = (int) ((Math.max(windowMin, minTime) - minTime) / dataColumnMillis);
        int lastColumn = (int) ((Math.min(windowMax, maxTime - 1) - minTime) / dataColumnMillis);
        for (int column = firstColumn; column <= lastColumn; column++) {
            if (schema.containsField(BlockSchema.dataColumn(column))) {
                dataColumns.add(BlockSchema.dataColumn(column));
            }
        }
        return dataColumns;
    }

    /** Row groups whose chunk columns {@link #select} read (statistics and labels left them in). */
    public long rowGroupsRead() {
        return rowGroupsRead.sum();
    }

    /** Row groups {@link #select} skipped by their statistics. */
    public long rowGroupsSkipped() {
        return rowGroupsSkipped.sum();
    }

    /**
     * The labels and time ranges of one row group, read once (label, index and time columns: one
     * contiguous byte range) and kept while this reader is cached, like a TSDB block's index.
     */
    private RowGroupLabels rowGroupLabels(int index) throws IOException {
        RowGroupLabels cached = rowGroupLabels.get(index);
        if (cached != null) {
            return cached;
        }
        RowGroupLabels read = readRowGroupLabels(index);
        rowGroupLabels.set(index, read);
        return read;
    }

    private RowGroupLabels readRowGroupLabels(int index) throws IOException {
        MessageType projection = labelProjection();
        PageReadStore pages;
        try (ParquetFileReader reader = new ParquetFileReader(file, footer, readOptions, file.newStream())) {
            reader.setRequestedSchema(projection);
            pages = reader.readRowGroup(index);
        }
        int rowCount = Math.toIntExact(pages.getRowCount());
        ColumnReadStoreImpl columns = columnStore(pages, projection);
        String[][] values = new String[labelNames.size()][];
        for (int label = 0; label < labelNames.size(); label++) {
            values[label] = readStrings(columns, projection, BlockSchema.labelColumn(labelNames.get(label)), rowCount);
        }
        long[] rowMin = readLongs(columns, projection, BlockSchema.MIN_TIME, rowCount);
        long[] rowMax = readLongs(columns, projection, BlockSchema.MAX_TIME, rowCount);
        Labels[] labels = new Labels[rowCount];
        String[] names = new String[labelNames.size()];
        String[] present = new String[labelNames.size()];
        for (int row = 0; row < rowCount; row++) {
            int size = 0;
            for (int label = 0; label < labelNames.size(); label++) {
                String value = values[label][row];
                if (value != null) {
                    names[size] = labelNames.get(label);
                    present[size++] = value;
                }
            }
            labels[row] = Labels.ofSorted(Arrays.copyOf(names, size), Arrays.copyOf(present, size));
        }
        return new RowGroupLabels(labels, rowMin, rowMax);
    }

    /** Decodes the chunks of the given rows, reading only the needed data columns of the row group. */
    private void readSamples(int index, RowGroupLabels labels, int[] rows, List<String> dataColumns, long windowMin,
            long windowMax, List<Series> result) throws IOException {
        List<Type> fields = new ArrayList<>();
        for (String column : dataColumns) {
            fields.add(schema.getType(column));
        }
        MessageType projection = new MessageType(schema.getName(), fields);
        PageReadStore pages;
        try (ParquetFileReader reader = new ParquetFileReader(file, footer, readOptions, file.newStream())) {
            reader.setRequestedSchema(projection);
            pages = reader.readRowGroup(index);
        }
        ColumnReadStoreImpl columns = columnStore(pages, projection);
        SampleBuffer[] buffers = new SampleBuffer[rows.length];
        for (int i = 0; i < rows.length; i++) {
            buffers[i] = new SampleBuffer();
        }
        for (String column : dataColumns) {
            ColumnReader reader = columns.getColumnReader(projection.getColumnDescription(new String[] {column}));
            int maxDefinition = reader.getDescriptor().getMaxDefinitionLevel();
            int next = 0;
            for (int row = 0; row < pages.getRowCount() && next < rows.length; row++) {
                boolean wanted = rows[next] == row;
                if (reader.getCurrentDefinitionLevel() == maxDefinition) {
                    if (wanted) {
                        decode(reader.getBinary().getBytes(), column, labels.labels[row], windowMin, windowMax, buffers[next]);
                    } else {
                        reader.skip();
                    }
                }
                reader.consume();
                if (wanted) {
                    next++;
                }
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (buffers[i].size > 0) {
                result.add(buffers[i].toSeries(labels.labels[rows[i]]));
            }
        }
    }

    private void decode(byte[] chunk, String column, Labels labels, long windowMin, long windowMax, SampleBuffer samples) {
        try {
            ChunkCodec.decode(chunk, (timestamp, value) -> {
                if (timestamp >= windowMin && timestamp <= windowMax) {
                    samples.add(timestamp, value);
                }
            });
        } catch (CorruptEncodingException | IndexOutOfBoundsException e) {
            throw corrupt("undecodable chunk in column " + column + " of series " + labels, e);
        }
    }

    private ColumnReadStoreImpl columnStore(PageReadStore pages, MessageType projection) {
        return new ColumnReadStoreImpl(pages, new GroupRecordConverter(projection).getRootConverter(), projection,
                footer.getFileMetaData().getCreatedBy());
    }

    /** One optional string column; repeated values share one String (label columns repeat a lot). */
    private static String[] readStrings(ColumnReadStoreImpl columns, MessageType projection, String column, int rowCount) {
        ColumnReader reader = columns.getColumnReader(projection.getColumnDescription(new String[] {column}));
        int maxDefinition = reader.getDescriptor().getMaxDefinitionLevel();
        Map<Binary, String> interned = new HashMap<>();
        String[] values = new String[rowCount];
        for (int row = 0; row < rowCount; row++) {
            if (reader.getCurrentDefinitionLevel() == maxDefinition) {
                Binary value = reader.getBinary();
                String text = interned.get(value);
                if (text == null) {
                    text = value.toStringUsingUTF8();
                    interned.put(value.copy(), text);
                }
                values[row] = text;
            }
            reader.consume();
        }
        return values;
    }

    private static long[] readLongs(ColumnReadStoreImpl columns, MessageType projection, String column, int rowCount) {
        ColumnReader reader = columns.getColumnReader(projection.getColumnDescription(new String[] {column}));
        long[] values = new long[rowCount];
        for (int row = 0; row < rowCount; row++) {
            values[row] = reader.getLong();
            reader.consume();
        }
        return values;
    }

    private MessageType labelProjection() {
        List<Type> fields = new ArrayList<>();
        for (String name : labelNames) {
            fields.add(schema.getType(BlockSchema.labelColumn(name)));
        }
        // Not needed, but it lies between the label and time columns: keeping it makes them one
        // contiguous byte range, so one ranged GET instead of two.
        if (schema.containsField(BlockSchema.COLUMN_INDEXES)) {
            fields.add(schema.getType(BlockSchema.COLUMN_INDEXES));
        }
        fields.add(schema.getType(BlockSchema.MIN_TIME));
        fields.add(schema.getType(BlockSchema.MAX_TIME));
        return new MessageType(schema.getName(), fields);
    }

    /** The label sets and time ranges of one row group's rows. */
    private record RowGroupLabels(Labels[] labels, long[] rowMin, long[] rowMax) {
        int[] matching(List<LabelMatcher> matchers, long windowMin, long windowMax) {
            int[] rows = new int[labels.length];
            int size = 0;
            rowLoop:
            for (int row = 0; row < labels.length; row++) {
                if (rowMax[row] < windowMin || rowMin[row] > windowMax) {
                    continue;
                }
                for (LabelMatcher matcher : matchers) {
                    if (!matcher.matches(labels[row])) {
                        continue rowLoop;
                    }
                }
                rows[size++] = row;
            }
            return Arrays.copyOf(rows, size);
        }
    }

    /** False when the row group's statistics prove no row can match the metric name or the window. */
    private static boolean mayMatch(BlockMetaData rowGroup, List<LabelMatcher> matchers, long windowMin, long windowMax) {
        for (ColumnChunkMetaData column : rowGroup.getColumns()) {
            String path = column.getPath().toDotString();
            Statistics<?> statistics = column.getStatistics();
            if (statistics == null || statistics.isEmpty() || !statistics.hasNonNullValue()) {
                continue;
            }
            if (path.equals(BlockSchema.MIN_TIME) && ((Long) statistics.genericGetMin()) > windowMax) {
                return false;
            }
            if (path.equals(BlockSchema.MAX_TIME) && ((Long) statistics.genericGetMax()) < windowMin) {
                return false;
            }
            if (path.equals(BlockSchema.METRIC_NAME_COLUMN)) {
                String min = ((Binary) statistics.genericGetMin()).toStringUsingUTF8();
                String max = ((Binary) statistics.genericGetMax()).toStringUsingUTF8();
                for (LabelMatcher matcher : matchers) {
                    if (matcher.name().equals(Labels.METRIC_NAME) && matcher.type() == MatchType.EQUAL
                            && (matcher.value().compareTo(min) < 0 || matcher.value().compareTo(max) > 0)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private long longMetadata(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw corrupt("file metadata lacks " + key, null);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw corrupt("file metadata " + key + " is not a number: " + value, e);
        }
    }

    private PromlessException corrupt(String message, Throwable cause) {
        return new PromlessException(ErrorType.INTERNAL, "block " + blockId + ": " + message, cause);
    }

    private static final class SampleBuffer {
        private long[] timestamps = new long[16];
        private double[] values = new double[16];
        private int size;

        void add(long timestamp, double value) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            timestamps[size] = timestamp;
            values[size] = value;
            size++;
        }

        Series toSeries(Labels labels) {
            return new Series(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
        }
    }
}
