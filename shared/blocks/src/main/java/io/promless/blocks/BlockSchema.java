package io.promless.blocks;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Column names and the Parquet schema of a block file, following the Prometheus community's
 * parquet-common layout (Cortex/Thanos Parquet mode): one optional string column per label name
 * ({@code l_<name>}), {@code s_col_indexes} (which label columns a row has), and one chunk column
 * per time slice ({@code s_data_<n>}). Promless adds {@code s_min_time}/{@code s_max_time} per row.
 * Columns appear in that order, label columns sorted by label name. See docs/block-format.md.
 */
public final class BlockSchema {
    public static final String LABEL_COLUMN_PREFIX = "l_";
    public static final String DATA_COLUMN_PREFIX = "s_data_";
    public static final String COLUMN_INDEXES = "s_col_indexes";
    public static final String MIN_TIME = "s_min_time";
    public static final String MAX_TIME = "s_max_time";
    public static final String METRIC_NAME_COLUMN = LABEL_COLUMN_PREFIX + "__name__";

    /** File key/value metadata, as parquet-common names it. */
    public static final String MIN_TIME_METADATA = "minT";
    public static final String MAX_TIME_METADATA = "maxT";
    public static final String DATA_COLUMN_DURATION_METADATA = "data_col_duration_ms";
    public static final String BLOCK_ID_METADATA = "promless.block_id";
    public static final String CHUNK_ENCODING_METADATA = "promless.chunk_encoding";
    public static final String CHUNK_ENCODING = "promless-chunk-v1";

    private BlockSchema() {}

    public static String labelColumn(String labelName) {
        return LABEL_COLUMN_PREFIX + labelName;
    }

    public static String dataColumn(int slice) {
        return DATA_COLUMN_PREFIX + slice;
    }

    /** @param labelNames sorted, distinct */
    public static MessageType of(List<String> labelNames, int dataColumns) {
        List<Type> fields = new ArrayList<>(labelNames.size() + dataColumns + 3);
        for (String name : labelNames) {
            fields.add(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(labelColumn(name)));
        }
        fields.add(Types.required(PrimitiveTypeName.BINARY).named(COLUMN_INDEXES));
        fields.add(Types.required(PrimitiveTypeName.INT64).named(MIN_TIME));
        fields.add(Types.required(PrimitiveTypeName.INT64).named(MAX_TIME));
        for (int slice = 0; slice < dataColumns; slice++) {
            fields.add(Types.optional(PrimitiveTypeName.BINARY).named(dataColumn(slice)));
        }
        return new MessageType("tsdb", fields);
    }
}
