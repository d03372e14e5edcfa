package io.promless.api;

import static io.promless.api.ApiParameters.invalidParameter;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promless.api.json.GoTime;
import io.promless.api.json.PrometheusNumbers;
import io.promless.api.json.QueryResultJson;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * /api/v1/targets, /api/v1/scrape_pools, /api/v1/rules, /api/v1/alerts and /api/v1/alertmanagers. Targets come from a
 * {@link TargetsView}, rules and alerts from a {@link RulesView}; Alertmanagers are an empty list
 * until notification sending exists.
 */
final class DiscoveryEndpoints {
    private final TargetsView targets;
    private final RulesView rules;

    DiscoveryEndpoints(TargetsView targets, RulesView rules) {
        this.targets = targets;
        this.rules = rules;
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

    /**
     * Checks the parameters Prometheus checks, then answers the groups: {@code type} (alert or
     * record), {@code rule_name[]}, {@code rule_group[]}, {@code file[]} and {@code match[]} (on
     * rule labels) filter; {@code exclude_alerts} drops alerting rules' alert lists. Groups left
     * without rules by a filter are not shown.
     */
    ApiResponse rules(ApiRequest request, RequestParameters parameters, SeriesSelectorParser selectorParser) {
        if (parameters.formError().isPresent()) {
            throw new PromlessException(
                    ErrorType.BAD_DATA, "error parsing form values: " + parameters.formError().get());
        }
        List<List<LabelMatcher>> matcherSets;
        try {
            matcherSets = MatcherSets.parse(selectorParser, parameters.all("match[]"));
        } catch (PromlessException e) {
            throw invalidParameter("match[]", e.getMessage());
        }
        String type = urlParameter(request, "type").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            throw invalidParameter("type", "not supported value " + GoQuote.quote(type));
        }
        String excludeAlertsText = urlParameter(request, "exclude_alerts").toLowerCase(Locale.ROOT);
        if (!excludeAlertsText.isEmpty() && !List.of("1", "t", "true", "0", "f", "false").contains(excludeAlertsText)) {
            throw invalidParameter(
                    "exclude_alerts", "strconv.ParseBool: parsing " + GoQuote.quote(excludeAlertsText) + ": invalid syntax");
        }
        boolean excludeAlerts = List.of("1", "t", "true").contains(excludeAlertsText);
        Set<String> ruleNames = Set.copyOf(parameters.all("rule_name[]"));
        Set<String> groupNames = Set.copyOf(parameters.all("rule_group[]"));
        Set<String> files = Set.copyOf(parameters.all("file[]"));
        List<RulesView.Group> shown = new ArrayList<>();
        List<List<RulesView.Rule>> shownRules = new ArrayList<>();
        for (RulesView.Group group : rules.groups()) {
            if ((!groupNames.isEmpty() && !groupNames.contains(group.name())) || (!files.isEmpty() && !files.contains(group.file()))) {
                continue;
            }
            List<RulesView.Rule> kept = new ArrayList<>();
            for (RulesView.Rule rule : group.rules()) {
                boolean typeMatches = type.isEmpty()
                        || (type.equals("alert") ? rule.type() == RulesView.Type.ALERTING : rule.type() == RulesView.Type.RECORDING);
                if (typeMatches && (ruleNames.isEmpty() || ruleNames.contains(rule.name())) && labelsMatch(rule.labels(), matcherSets)) {
                    kept.add(rule);
                }
            }
            if (!kept.isEmpty()) {
                shown.add(group);
                shownRules.add(kept);
            }
        }
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("groups");
            for (int i = 0; i < shown.size(); i++) {
                RulesView.Group group = shown.get(i);
                generator.writeStartObject();
                generator.writeStringField("name", group.name());
                generator.writeStringField("file", group.file());
                generator.writeArrayFieldStart("rules");
                for (RulesView.Rule rule : shownRules.get(i)) {
                    writeRule(generator, rule, excludeAlerts);
                }
                generator.writeEndArray();
                writeSeconds(generator, "interval", group.interval());
                generator.writeNumberField("limit", group.limit());
                writeSeconds(generator, "evaluationTime", group.evaluationTime());
                generator.writeStringField("lastEvaluation", GoTime.format(group.lastEvaluation()));
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        });
    }

    private static boolean labelsMatch(Labels labels, List<List<LabelMatcher>> matcherSets) {
        if (matcherSets.isEmpty()) {
            return true;
        }
        for (List<LabelMatcher> set : matcherSets) {
            if (set.stream().allMatch(matcher -> matcher.matches(labels))) {
                return true;
            }
        }
        return false;
    }

    private static void writeRule(JsonGenerator generator, RulesView.Rule rule, boolean excludeAlerts) throws IOException {
        generator.writeStartObject();
        switch (rule.type()) {
            case ALERTING -> {
                generator.writeStringField("state", rule.state());
                generator.writeStringField("name", rule.name());
                generator.writeStringField("query", rule.query());
                writeSeconds(generator, "duration", rule.duration());
                writeSeconds(generator, "keepFiringFor", rule.keepFiringFor());
                generator.writeFieldName("labels");
                QueryResultJson.writeLabels(generator, rule.labels());
                generator.writeFieldName("annotations");
                QueryResultJson.writeLabels(generator, rule.annotations());
                generator.writeFieldName("alerts");
                if (excludeAlerts) {
                    generator.writeNull();
                } else {
                    generator.writeStartArray();
                    for (RulesView.Alert alert : rule.alerts()) {
                        writeAlert(generator, alert);
                    }
                    generator.writeEndArray();
                }
            }
            case RECORDING -> {
                generator.writeStringField("name", rule.name());
                generator.writeStringField("query", rule.query());
                if (!rule.labels().isEmpty()) {
                    generator.writeFieldName("labels");
                    QueryResultJson.writeLabels(generator, rule.labels());
                }
            }
        }
        generator.writeStringField("health", rule.health());
        if (!rule.lastError().isEmpty()) {
            generator.writeStringField("lastError", rule.lastError());
        }
        writeSeconds(generator, "evaluationTime", rule.evaluationTime());
        generator.writeStringField("lastEvaluation", GoTime.format(rule.lastEvaluation()));
        generator.writeStringField("type", rule.type().wireName());
        generator.writeEndObject();
    }

    private static void writeAlert(JsonGenerator generator, RulesView.Alert alert) throws IOException {
        generator.writeStartObject();
        generator.writeFieldName("labels");
        QueryResultJson.writeLabels(generator, alert.labels());
        generator.writeFieldName("annotations");
        QueryResultJson.writeLabels(generator, alert.annotations());
        generator.writeStringField("state", alert.state());
        generator.writeStringField("activeAt", GoTime.format(alert.activeAt()));
        if (alert.keepFiringSince() != null) {
            generator.writeStringField("keepFiringSince", GoTime.format(alert.keepFiringSince()));
        }
        // Prometheus writes the value with strconv.FormatFloat(v, 'e', -1, 64).
        generator.writeStringField("value", PrometheusNumbers.formatExponent(alert.value()));
        generator.writeEndObject();
    }

    private static void writeSeconds(JsonGenerator generator, String field, Duration duration) throws IOException {
        generator.writeFieldName(field);
        generator.writeNumber(PrometheusNumbers.formatGoJsonNumber(duration.toNanos() / 1e9));
    }

    /** /api/v1/alerts: every pending and firing alert, rule by rule in file order. */
    ApiResponse alerts() {
        List<RulesView.Alert> alerts = new ArrayList<>();
        for (RulesView.Group group : rules.groups()) {
            for (RulesView.Rule rule : group.rules()) {
                alerts.addAll(rule.alerts());
            }
        }
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeArrayFieldStart("alerts");
            for (RulesView.Alert alert : alerts) {
                writeAlert(generator, alert);
            }
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
