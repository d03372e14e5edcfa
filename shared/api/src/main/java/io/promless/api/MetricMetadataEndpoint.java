package io.promless.api;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.MetricMetadata;
import io.promless.storage.MetadataStore;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * /api/v1/metadata: {@code {"<family>":[{"type":...,"help":...,"unit":...}]}}, families in name
 * order (Go writes map keys sorted). {@code limit} counts families (negative: all, 0: none),
 * {@code limit_per_metric} entries per family (0 or negative: all), {@code metric} picks one.
 */
final class MetricMetadataEndpoint {
    /** Go's {@code strconv.Atoi}: an optional sign and decimal digits. */
    private static final Pattern GO_INTEGER = Pattern.compile("[+-]?\\d+");

    private final MetadataStore store;

    MetricMetadataEndpoint(MetadataStore store) {
        this.store = store;
    }

    ApiResponse metadata(RequestParameters parameters) {
        int limit = integer(parameters, "limit");
        int limitPerMetric = integer(parameters, "limit_per_metric");
        Map<String, List<MetricMetadata>> families = store.get(parameters.first("metric"), limit, limitPerMetric);
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            for (Map.Entry<String, List<MetricMetadata>> family : families.entrySet()) {
                generator.writeArrayFieldStart(family.getKey());
                for (MetricMetadata entry : family.getValue()) {
                    generator.writeStartObject();
                    generator.writeStringField("type", entry.type().wireName());
                    generator.writeStringField("help", entry.help());
                    generator.writeStringField("unit", entry.unit());
                    generator.writeEndObject();
                }
                generator.writeEndArray();
            }
            generator.writeEndObject();
        });
    }

    /** Absent means -1 (no limit); anything Atoi refuses gets Prometheus's "must be a number". */
    private static int integer(RequestParameters parameters, String name) {
        String text = parameters.first(name);
        if (text.isEmpty()) {
            return -1;
        }
        if (!GO_INTEGER.matcher(text).matches()) {
            throw new PromlessException(ErrorType.BAD_DATA, name + " must be a number");
        }
        try {
            long value = Long.parseLong(text);
            // Go's int has 64 bits; no store holds anywhere near the int range.
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
        } catch (NumberFormatException e) {
            throw new PromlessException(ErrorType.BAD_DATA, name + " must be a number");
        }
    }
}
