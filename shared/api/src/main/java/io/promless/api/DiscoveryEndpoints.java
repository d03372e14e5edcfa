package io.promless.api;

import static io.promless.api.ApiParameters.invalidParameter;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promless.api.json.GoTime;
import io.promless.api.json.PrometheusNumbers;
import io.promless.api.json.QueryResultJson;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * /api/v1/targets, /api/v1/scrape_pools, /api/v1/rules, /api/v1/alerts and /api/v1/alertmanagers. Targets come from a
 * {@link TargetsView}; rules, alerts and Alertmanagers are empty lists until rule evaluation
 * exists (an empty list is the true answer then, not a placeholder).
 */
final class DiscoveryEndpoints {
    private final TargetsView targets;

    DiscoveryEndpoints(TargetsView targets) {
        this.targets = targets;
    }

    /**
     * {@code state} (active, dropped, any; any other value shows neither, as in Prometheus) and
     * {@code scrapePool} are read from the URL only, as Prometheus reads them.
     */
    ApiResponse targets(ApiRequest request) {
        String state = urlParameter(request, "state").toLowerCase(Locale.ROOT);
        String pool = urlParameter(request, "scrapePool");
        boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
        boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
        TargetsView.Snapshot snapshot = targets.targets();

        List<TargetsView.ActiveTarget> active = new ArrayList<>();
        if (showActive) {
            snapshot.active().stream()
                    .filter(target -> pool.isEmpty() || target.scrapePool().equals(pool))
                    // Prometheus lists pools in name order, each pool's targets as the pool keeps them.
                    .sorted(Comparator.comparing(TargetsView.ActiveTarget::scrapePool))
                    .forEach(active::add);
        }
        List<TargetsView.DroppedTarget> dropped = new ArrayList<>();
        Map<String, Integer> droppedCounts = new TreeMap<>();
        if (showDropped) {
            // Prometheus counts every pool, those without dropped targets as 0.
            snapshot.scrapePools().stream()
                    .filter(name -> pool.isEmpty() || name.equals(pool))
                    .forEach(name -> droppedCounts.put(name, 0));
            snapshot.dropped().stream()
                    .filter(target -> pool.isEmpty() || target.scrapePool().equals(pool))
                    .sorted(Comparator.comparing(TargetsView.DroppedTarget::scrapePool))
                    .forEach(target -> {
                        dropped.add(target);
                        droppedCounts.merge(target.scrapePool(), 1, Integer::sum);
                    });
        }
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("activeTargets");
            for (TargetsView.ActiveTarget target : active) {
                writeActiveTarget(generator, target);
            }
            generator.writeEndArray();
            generator.writeArrayFieldStart("droppedTargets");
            for (TargetsView.DroppedTarget target : dropped) {
                generator.writeStartObject();
                generator.writeFieldName("discoveredLabels");
                QueryResultJson.writeLabels(generator, target.discoveredLabels());
                generator.writeStringField("scrapePool", target.scrapePool());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeFieldName("droppedTargetCounts");
            if (showDropped) {
                generator.writeStartObject();
                for (Map.Entry<String, Integer> count : droppedCounts.entrySet()) {
                    generator.writeNumberField(count.getKey(), count.getValue());
                }
                generator.writeEndObject();
            } else {
                // Prometheus leaves the map nil, which Go writes as null.
                generator.writeNull();
            }
            generator.writeEndObject();
        });
    }

    private static void writeActiveTarget(JsonGenerator generator, TargetsView.ActiveTarget target)
            throws IOException {
        generator.writeStartObject();
        generator.writeFieldName("discoveredLabels");
        QueryResultJson.writeLabels(generator, target.discoveredLabels());
        generator.writeFieldName("labels");
        QueryResultJson.writeLabels(generator, target.labels());
        generator.writeStringField("scrapePool", target.scrapePool());
        generator.writeStringField("scrapeUrl", target.scrapeUrl());
        generator.writeStringField("globalUrl", target.globalUrl());
        generator.writeStringField("lastError", target.lastError());
        generator.writeStringField("lastScrape", GoTime.format(target.lastScrape()));
        generator.writeFieldName("lastScrapeDuration");
        generator.writeNumber(PrometheusNumbers.formatGoJsonNumber(target.lastScrapeDuration().toNanos() / 1e9));
        generator.writeStringField("health", target.health().wireName());
        generator.writeStringField("scrapeInterval", PrometheusDuration.format(target.scrapeInterval().toMillis()));
        generator.writeStringField("scrapeTimeout", PrometheusDuration.format(target.scrapeTimeout().toMillis()));
        generator.writeEndObject();
    }

    /** /api/v1/scrape_pools: the configured pools in name order. */
    ApiResponse scrapePools() {
        List<String> pools = targets.targets().scrapePools();
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("scrapePools");
            for (String pool : pools) {
                generator.writeString(pool);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    /** Checks the parameters Prometheus checks, then answers the (so far always empty) groups. */
    ApiResponse rules(ApiRequest request, RequestParameters parameters, SeriesSelectorParser selectorParser) {
        if (parameters.formError().isPresent()) {
            throw new PromlessException(
                    ErrorType.BAD_DATA, "error parsing form values: " + parameters.formError().get());
        }
        try {
            MatcherSets.parse(selectorParser, parameters.all("match[]"));
        } catch (PromlessException e) {
            throw invalidParameter("match[]", e.getMessage());
        }
        String type = urlParameter(request, "type").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            throw invalidParameter("type", "not supported value " + GoQuote.quote(type));
        }
        String excludeAlerts = urlParameter(request, "exclude_alerts").toLowerCase(Locale.ROOT);
        if (!excludeAlerts.isEmpty() && !List.of("1", "t", "true", "0", "f", "false").contains(excludeAlerts)) {
            throw invalidParameter(
                    "exclude_alerts", "strconv.ParseBool: parsing " + GoQuote.quote(excludeAlerts) + ": invalid syntax");
        }
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("groups");
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    ApiResponse alerts() {
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("alerts");
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    ApiResponse alertmanagers() {
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("activeAlertmanagers");
            generator.writeEndArray();
            generator.writeArrayFieldStart("droppedAlertmanagers");
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    private static String urlParameter(ApiRequest request, String name) {
        List<String> values = request.queryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
