package io.promless.blocks;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.blocks.parquet.AircompressorCodecFactory;
import io.promless.blocks.parquet.ByteArrayInputFile;
import io.promless.blocks.parquet.ByteArrayOutputFile;
import io.promless.errors.PromlessException;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid Parquet files that are not valid blocks: each is refused with an error naming the block. */
public class ForeignParquetTest {
    private static final Map<String, String> TIMES = Map.of("minT", "0", "maxT", "7200000", "data_col_duration_ms", "3600000");

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("message m { optional binary l___name__ (STRING); required int64 s_max_time; }", TIMES,
                        "missing column s_min_time"),
                Arguments.of("message m { required int64 s_min_time; required int64 s_max_time; }", TIMES,
                        "missing column l___name__"),
                Arguments.of("message m { optional binary l___name__ (STRING); required int64 s_min_time;"
                        + " required int64 s_max_time; optional binary s_data_0; }", TIMES, "missing column s_data_1"),
                Arguments.of("message m { optional binary l___name__ (STRING); required int64 s_min_time; required int64 s_max_time; }",
                        Map.of("minT", "0", "maxT", "7200000"), "lacks data_col_duration_ms"),
                Arguments.of("message m { optional binary l___name__ (STRING); required int64 s_min_time; required int64 s_max_time; }",
                        Map.of("minT", "zero", "maxT", "7200000", "data_col_duration_ms", "1"), "minT is not a number"),
                Arguments.of("message m { optional binary l___name__ (STRING); required int64 s_min_time; required int64 s_max_time; }",
                        Map.of("minT", "0", "maxT", "7200000", "data_col_duration_ms", "1", "promless.chunk_encoding", "zzz"),
                        "unsupported chunk encoding zzz"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void refusesFilesThatAreNotBlocks(String schema, Map<String, String> metadata, String problem) throws IOException {
        byte[] file = write(MessageTypeParser.parseMessageType(schema), metadata);
        assertThatThrownBy(() -> BlockReader.open("foreign", new ByteArrayInputFile(file)))
                .isInstanceOf(PromlessException.class)
                .hasMessageContaining("block foreign")
                .hasMessageContaining(problem);
    }

    /** A valid Parquet file of one row with the given schema and file metadata. */
    public static byte[] write(MessageType schema, Map<String, String> metadata) throws IOException {
        ByteArrayOutputFile out = new ByteArrayOutputFile();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(out)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new AircompressorCodecFactory())
                .withType(schema)
                .withExtraMetaData(metadata)
                .build()) {
            Group row = new SimpleGroupFactory(schema).newGroup();
            for (String column : new String[] {"s_min_time", "s_max_time"}) {
                if (schema.containsField(column)) {
                    row.append(column, 1L);
                }
            }
            writer.write(row);
        }
        return out.toByteArray();
    }
}
