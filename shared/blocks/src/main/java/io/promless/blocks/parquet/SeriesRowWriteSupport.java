package io.promless.blocks.parquet;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockSchema;
import io.promless.model.labels.Labels;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Shreds {@link SeriesRow}s into the block schema; fields are written in schema order. */
final class SeriesRowWriteSupport extends WriteSupport<SeriesRow> {
    private final MessageType schema;
    private final Map<String, String> metadata;
    private final Map<String, Integer> labelFieldIndex = new HashMap<>();
    private final int columnIndexesField;
    private final int dataColumns;
    private RecordConsumer consumer;

    SeriesRowWriteSupport(MessageType schema, Map<String, String> metadata) {
        this.schema = requireNonNull(schema, "schema is null");
        this.metadata = Map.copyOf(metadata);
        this.columnIndexesField = schema.getFieldIndex(BlockSchema.COLUMN_INDEXES);
        for (int field = 0; field < columnIndexesField; field++) {
            String column = schema.getFieldName(field);
            labelFieldIndex.put(column.substring(BlockSchema.LABEL_COLUMN_PREFIX.length()), field);
        }
        this.dataColumns = schema.getFieldCount() - columnIndexesField - 3;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, metadata);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(SeriesRow row) {
        Labels labels = row.labels();
        int[] fields = new int[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            Integer field = labelFieldIndex.get(labels.name(i));
            if (field == null) {
                throw new IllegalArgumentException("label " + labels.name(i) + " has no column in this block");
            }
            fields[i] = field;
        }
        consumer.startMessage();
        // Label columns are sorted by name like the labels themselves, so fields ascend.
        for (int i = 0; i < labels.size(); i++) {
            String column = BlockSchema.labelColumn(labels.name(i));
            consumer.startField(column, fields[i]);
            consumer.addBinary(Binary.fromString(labels.value(i)));
            consumer.endField(column, fields[i]);
        }
        writeBinary(BlockSchema.COLUMN_INDEXES, columnIndexesField, encodeIndexes(fields));
        consumer.startField(BlockSchema.MIN_TIME, columnIndexesField + 1);
        consumer.addLong(row.minTime());
        consumer.endField(BlockSchema.MIN_TIME, columnIndexesField + 1);
        consumer.startField(BlockSchema.MAX_TIME, columnIndexesField + 2);
        consumer.addLong(row.maxTime());
        consumer.endField(BlockSchema.MAX_TIME, columnIndexesField + 2);
        byte[][] chunks = row.chunks();
        for (int slice = 0; slice < dataColumns; slice++) {
            if (chunks[slice] != null) {
                writeBinary(BlockSchema.dataColumn(slice), columnIndexesField + 3 + slice, chunks[slice]);
            }
        }
        consumer.endMessage();
    }

    private void writeBinary(String column, int field, byte[] value) {
        consumer.startField(column, field);
        consumer.addBinary(Binary.fromConstantByteArray(value));
        consumer.endField(column, field);
    }

    /** The label column indexes present in a row, as unsigned varints (parquet-common's s_col_indexes). */
    static byte[] encodeIndexes(int[] fields) {
        byte[] out = new byte[fields.length * 5];
        int length = 0;
        for (int field : fields) {
            int value = field;
            while ((value & ~0x7F) != 0) {
                out[length++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out[length++] = (byte) value;
        }
        return Arrays.copyOf(out, length);
    }
}
