package io.promless.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * /api/v1/status/tsdb: head statistics and the top {@code limit} (default 10) metric names,
 * label names and label pairs by series count, distinct values and value bytes, as Prometheus
 * computes them from its head index. Equal counts are listed by name. When the server has
 * blocks, a Promless-specific {@code blockStats} object follows {@code headStats}: blockCount,
 * bytes, minTime, maxTime, numSeries, numSamples (clients that do not know it ignore it).
 */
final class TsdbStatusEndpoint {
    private static final int DEFAULT_LIMIT = 10;
    private static final Pattern GO_INTEGER = Pattern.compile("[+-]?\\d+");

    private final HeadStatusView head;
    private final Optional<BlockStatusView> blocks;

    TsdbStatusEndpoint(HeadStatusView head, Optional<BlockStatusView> blocks) {
        this.head = head;
        this.blocks = blocks;
    }

    ApiResponse tsdbStatus(RequestParameters parameters) {
        int limit = limit(parameters.first("limit"));
        HeadStatusView.HeadStatus status = head.headStatus();
        Optional<BlockStatusView.BlockStatus> blockStatus = blocks.map(BlockStatusView::blockStatus);
        Map<String, Long> seriesByMetricName = new HashMap<>();
        Map<String, Long> seriesByPair = new HashMap<>();
        Map<String, Set<String>> valuesByName = new HashMap<>();
        for (Labels labels : status.series()) {
            if (labels.has(Labels.METRIC_NAME)) {
                seriesByMetricName.merge(labels.get(Labels.METRIC_NAME), 1L, Long::sum);
            }
            for (int i = 0; i < labels.size(); i++) {
                seriesByPair.merge(labels.name(i) + "=" + labels.value(i), 1L, Long::sum);
                valuesByName.computeIfAbsent(labels.name(i), name -> new HashSet<>()).add(labels.value(i));
            }
        }
        Map<String, Long> valueCountByName = new HashMap<>();
        Map<String, Long> valueBytesByName = new HashMap<>();
        valuesByName.forEach((name, values) -> {
            valueCountByName.put(name, (long) values.size());
            valueBytesByName.put(name, values.stream()
                    .mapToLong(value -> value.getBytes(StandardCharsets.UTF_8).length)
                    .sum());
        });
        long labelPairs = seriesByPair.size();
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeObjectFieldStart("headStats");
            generator.writeNumberField("numSeries", status.series().size());
            generator.writeNumberField("numLabelPairs", labelPairs);
            generator.writeNumberField("chunkCount", status.chunkCount());
            generator.writeNumberField("minTime", status.minTime());
            generator.writeNumberField("maxTime", status.maxTime());
            generator.writeEndObject();
            if (blockStatus.isPresent()) {
                writeBlockStats(generator, blockStatus.get());
            }
            writeTop(generator, "seriesCountByMetricName", seriesByMetricName, limit);
            writeTop(generator, "labelValueCountByLabelName", valueCountByName, limit);
            writeTop(generator, "memoryInBytesByLabelName", valueBytesByName, limit);
            writeTop(generator, "seriesCountByLabelValuePair", seriesByPair, limit);
            generator.writeEndObject();
        });
    }

    private static void writeBlockStats(JsonGenerator generator, BlockStatusView.BlockStatus blocks) throws IOException {
        generator.writeObjectFieldStart("blockStats");
        generator.writeNumberField("blockCount", blocks.blockCount());
        generator.writeNumberField("bytes", blocks.bytes());
        generator.writeNumberField("minTime", blocks.minTime());
        generator.writeNumberField("maxTime", blocks.maxTime());
        generator.writeNumberField("numSeries", blocks.series());
        generator.writeNumberField("numSamples", blocks.samples());
        generator.writeEndObject();
    }

    private static void writeTop(JsonGenerator generator, String field, Map<String, Long> counts, int limit)
            throws IOException {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        generator.writeArrayFieldStart(field);
        for (Map.Entry<String, Long> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
            generator.writeStartObject();
            generator.writeStringField("name", entry.getKey());
            generator.writeNumberField("value", entry.getValue());
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }

    /** Prometheus's rule: absent means 10; anything but a positive integer is refused. */
    private static int limit(String text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long limit;
        try {
            limit = GO_INTEGER.matcher(text).matches() ? Long.parseLong(text) : 0;
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1) {
            throw new PromlessException(ErrorType.BAD_DATA, "limit must be a positive number");
        }
        return (int) Math.min(limit, Integer.MAX_VALUE);
    }
}
