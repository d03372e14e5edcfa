package io.promless.functions.scrape;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.promless.scrape.ScrapeResult;
import io.promless.scrape.ScrapeService;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scrape Lambda: an EventBridge schedule fires it every {@code triggerPeriod}; it scrapes the
 * targets due at the event's time and reports counts. All scraping logic lives in
 * {@link ScrapeService}, which the local mode calls too.
 *
 * <p>The AWS object graph (config from the bucket, the queue-backed appendable) is built once per
 * container by {@link ScrapeWiring}; a warm container keeps its per-target state (staleness,
 * series added) between invocations.
 */
public final class ScrapeFunction implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** EventBridge's schedule in template.yaml: rate(1 minute). */
    public static final Duration DEFAULT_TRIGGER_PERIOD = Duration.ofMinutes(1);

    private final ScrapeService service;
    private final Duration triggerPeriod;
    private final Clock clock;

    /** Lambda's entry point. */
    public ScrapeFunction() {
        this(ScrapeWiring.fromEnvironment());
    }

    public ScrapeFunction(ScrapeService service) {
        this(service, DEFAULT_TRIGGER_PERIOD, Clock.systemUTC());
    }

    /** @param clock used only when an event carries no time (e.g. a manual test invocation) */
    public ScrapeFunction(ScrapeService service, Duration triggerPeriod, Clock clock) {
        this.service = requireNonNull(service, "service is null");
        this.triggerPeriod = requireNonNull(triggerPeriod, "triggerPeriod is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        long now = event != null && event.getTime() != null ? event.getTime().getMillis() : clock.millis();
        List<ScrapeResult> results = service.scrapeDue(now, triggerPeriod);
        long up = results.stream().filter(ScrapeResult::up).count();
        long samples = results.stream().mapToLong(ScrapeResult::samplesPostMetricRelabeling).sum();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scrapeTimeMillis", now);
        summary.put("targetsScraped", results.size());
        summary.put("targetsUp", up);
        summary.put("targetsDown", results.size() - up);
        summary.put("samples", samples);
        if (context != null && context.getLogger() != null) {
            context.getLogger().log("scraped " + results.size() + " targets at " + now + ": " + up + " up, "
                    + (results.size() - up) + " down, " + samples + " samples\n");
        }
        return summary;
    }
}
