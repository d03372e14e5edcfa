package io.promless.functions.scrape;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.scrape.ScrapeResult;
import io.promless.scrape.ScrapeRounds;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scrape Lambda: one EventBridge schedule per scrape shard fires it every
 * {@code triggerPeriod} with its shard in the event ({@link ScrapeEvent}); it scrapes that
 * shard's targets at each of their instants in the trigger window (several rounds for intervals
 * below the period, sleeping in between) and reports counts. All scraping logic lives in
 * {@link ScrapeService}, which the local mode calls too.
 *
 * <p>The AWS object graph (config from the bucket, the queue-backed appendable) is built once per
 * container by {@link ScrapeWiring}; a warm container keeps its per-target state (staleness,
 * series added) between invocations.
 */
public final class ScrapeFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** The shard schedules in template.yaml fire every minute: cron(* * * * ? *). */
    public static final Duration DEFAULT_TRIGGER_PERIOD = Duration.ofMinutes(1);
    /** Time kept back from the Lambda timeout for the last commits and the response. */
    static final long DEADLINE_MARGIN_MILLIS = 2_000;

    private final ScrapeService service;
    private final Duration triggerPeriod;
    private final Clock clock;
    private final Sleeper sleeper;
    /** The shard count the state groups were built for; 0 accepts any event's count. */
    private final int configuredShards;

    /** Lambda's entry point. */
    public ScrapeFunction() {
        this(ScrapeWiring.fromEnvironment(), DEFAULT_TRIGGER_PERIOD, Clock.systemUTC(), Sleeper.onClock(Clock.systemUTC()),
                ScrapeWiring.scrapeShards(System.getenv()));
    }

    public ScrapeFunction(ScrapeService service) {
        this(service, DEFAULT_TRIGGER_PERIOD, Clock.systemUTC());
    }

    /** @param clock the time when an event carries none, and the wall clock rounds wait on */
    public ScrapeFunction(ScrapeService service, Duration triggerPeriod, Clock clock) {
        this(service, triggerPeriod, clock, Sleeper.onClock(clock));
    }

    /** @param sleeper waits for each scrape round (tests pass one on virtual time) */
    public ScrapeFunction(ScrapeService service, Duration triggerPeriod, Clock clock, Sleeper sleeper) {
        this(service, triggerPeriod, clock, sleeper, 0);
    }

    /** @param configuredShards the shard count the service's state groups assume; events naming another are refused */
    public ScrapeFunction(ScrapeService service, Duration triggerPeriod, Clock clock, Sleeper sleeper, int configuredShards) {
        if (configuredShards < 0) {
            throw new IllegalArgumentException("configuredShards must not be negative, got " + configuredShards);
        }
        this.configuredShards = configuredShards;
        this.service = requireNonNull(service, "service is null");
        this.triggerPeriod = requireNonNull(triggerPeriod, "triggerPeriod is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long started = clock.millis();
        ScrapeEvent scrape = ScrapeEvent.decode(event, started);
        if (configuredShards > 0 && scrape.shard().count() != configuredShards) {
            // Two shard layouts at once would let two invocations write one state group.
            throw new PromlessException(ErrorType.BAD_DATA, "scrape event names " + scrape.shard().count()
                    + " shards but the function has " + ScrapeWiring.SCRAPE_SHARDS_VARIABLE + "=" + configuredShards
                    + ": the schedules and the function must agree (redeploy the stack)");
        }
        long deadline = context == null ? Long.MAX_VALUE
                : started + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MILLIS;
        ScrapeRounds.Outcome outcome = service.scrapeWindow(scrape.timeMillis(), triggerPeriod, scrape.shard(), deadline, sleeper);
        List<ScrapeResult> results = outcome.results();
        long up = results.stream().filter(ScrapeResult::up).count();
        long samples = results.stream().mapToLong(ScrapeResult::samplesPostMetricRelabeling).sum();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scrapeTimeMillis", scrape.timeMillis());
        summary.put("windowStartMillis", ScrapeRounds.windowStart(scrape.timeMillis(), triggerPeriod));
        summary.put("shard", scrape.shard().index());
        summary.put("shards", scrape.shard().count());
        summary.put("rounds", outcome.roundsRun());
        summary.put("roundsSkipped", outcome.roundsSkipped());
        summary.put("targetsScraped", results.size());
        summary.put("targetsUp", up);
        summary.put("targetsDown", results.size() - up);
        summary.put("samples", samples);
        if (context != null && context.getLogger() != null) {
            context.getLogger().log("shard " + scrape.shard().index() + "/" + scrape.shard().count() + ": "
                    + outcome.roundsRun() + " rounds (" + outcome.roundsSkipped() + " skipped), " + results.size()
                    + " scrapes, " + up + " up, " + (results.size() - up) + " down, " + samples + " samples\n");
        }
        return summary;
    }
}
