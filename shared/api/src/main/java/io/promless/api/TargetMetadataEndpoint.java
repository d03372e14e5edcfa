package io.promless.api;

import io.promless.api.json.QueryResultJson;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.MetricMetadata;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * /api/v1/targets/metadata as Prometheus answers it: {@code match_target} (a series selector
 * over target labels, empty for all), {@code metric} (one family, whose name then stays out of
 * the answer) and {@code limit} (checked before each target, so a target's entries are never
 * split); no entry at all is a 404 "specified metadata not found".
 */
final class TargetMetadataEndpoint {
    private final TargetMetadataView targets;
    private final SeriesSelectorParser selectorParser;

    TargetMetadataEndpoint(TargetMetadataView targets, SeriesSelectorParser selectorParser) {
        this.targets = targets;
        this.selectorParser = selectorParser;
    }

    private record Entry(Labels target, String metric, MetricMetadata metadata) {}

    ApiResponse targetMetadata(RequestParameters parameters) {
        int limit = -1;
        String limitText = parameters.first("limit");
        if (!limitText.isEmpty()) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw new PromlessException(ErrorType.BAD_DATA, "limit must be a number");
            }
        }
        String matchTarget = parameters.first("match_target");
        List<LabelMatcher> matchers = matchTarget.isEmpty() ? List.of() : selectorParser.parse(matchTarget);
        String metric = parameters.first("metric");

        List<Entry> entries = new ArrayList<>();
        for (TargetMetadataView.Target target : targets.targets()) {
            if (limit >= 0 && entries.size() >= limit) {
                break;
            }
            if (!matchers.stream().allMatch(matcher -> matcher.matches(target.labels().get(matcher.name())))) {
                continue;
            }
            for (MetricMetadata metadata : target.metadata().get()) {
                if (metric.isEmpty()) {
                    entries.add(new Entry(target.labels(), metadata.metricFamilyName(), metadata));
                } else if (metadata.metricFamilyName().equals(metric)) {
                    entries.add(new Entry(target.labels(), "", metadata));
                    break;
                }
            }
        }
        if (entries.isEmpty()) {
            throw new PromlessException(ErrorType.NOT_FOUND, "specified metadata not found");
        }
        return ApiResponses.success(generator -> {
            generator.writeStartArray();
            for (Entry entry : entries) {
                generator.writeStartObject();
                generator.writeFieldName("target");
                QueryResultJson.writeLabels(generator, entry.target());
                if (!entry.metric().isEmpty()) {
                    generator.writeStringField("metric", entry.metric());
                }
                generator.writeStringField("type", entry.metadata().type().wireName());
                generator.writeStringField("help", entry.metadata().help());
                generator.writeStringField("unit", entry.metadata().unit());
                generator.writeEndObject();
            }
            generator.writeEndArray();
        });
    }
}
