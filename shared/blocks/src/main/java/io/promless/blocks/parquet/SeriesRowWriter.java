package io.promless.blocks.parquet;

import io.promless.blocks.BlockSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows into an in-memory Parquet file with no Hadoop runtime: a plain configuration and
 * the pure-Java codec factory. Label columns are dictionary-encoded; chunk columns are not
 * (their values never repeat).
 */
public final class SeriesRowWriter {
    private SeriesRowWriter() {}

    public static byte[] write(MessageType schema, Map<String, String> metadata, List<SeriesRow> rows,
            int rowGroupRows, CompressionCodecName codec) {
        return write(schema, metadata, rows.iterator(), rowGroupRows, codec);
    }

    /** As the list form, taking each row from the iterator only when it is written (rows are not kept). */
    public static byte[] write(MessageType schema, Map<String, String> metadata, java.util.Iterator<SeriesRow> rows,
            int rowGroupRows, CompressionCodecName codec) {
        ByteArrayOutputFile file = new ByteArrayOutputFile();
        Builder builder = new Builder(file, new SeriesRowWriteSupport(schema, metadata))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new AircompressorCodecFactory())
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withRowGroupRowCountLimit(rowGroupRows)
                .withDictionaryEncoding(true)
                .withPageWriteChecksumEnabled(true);
        for (String field : fieldNames(schema)) {
            if (!field.startsWith(BlockSchema.LABEL_COLUMN_PREFIX)) {
                builder = builder.withDictionaryEncoding(field, false);
            }
        }
        try (ParquetWriter<SeriesRow> writer = builder.build()) {
            while (rows.hasNext()) {
                writer.write(rows.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write block file", e);
        }
        return file.toByteArray();
    }

    private static List<String> fieldNames(MessageType schema) {
        return schema.getFields().stream().map(field -> field.getName()).toList();
    }

    private static final class Builder extends ParquetWriter.Builder<SeriesRow, Builder> {
        private final WriteSupport<SeriesRow> writeSupport;

        Builder(ByteArrayOutputFile file, WriteSupport<SeriesRow> writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<SeriesRow> getWriteSupport(Configuration configuration) {
            return writeSupport;
        }

        @Override
        protected WriteSupport<SeriesRow> getWriteSupport(ParquetConfiguration configuration) {
            return writeSupport;
        }
    }
}
