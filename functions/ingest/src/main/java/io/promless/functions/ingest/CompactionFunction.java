package io.promless.functions.ingest;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.promless.blocks.compact.CompactionRun;
import io.promless.blocks.compact.CompactionService;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compaction Lambda: an EventBridge schedule fires it (template.yaml: every 15 minutes,
 * reserved concurrency one, so it is the block index's only writer); it runs one
 * {@link CompactionService} pass for the event's time. A pass with failed steps ends in an
 * error, so the invocation counts as failed in CloudWatch; the next tick retries those steps.
 */
public final class CompactionFunction implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final CompactionService service;
    private final Clock clock;

    /** Lambda's entry point: the object graph is built once per container. */
    public CompactionFunction() {
        this(CompactionWiring.fromEnvironment(), Clock.systemUTC());
    }

    /** @param clock used only when an event carries no time (e.g. a manual test invocation) */
    public CompactionFunction(CompactionService service, Clock clock) {
        this.service = requireNonNull(service, "service is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        long now = event != null && event.getTime() != null ? event.getTime().getMillis() : clock.millis();
        CompactionRun run = service.run(now);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("timeMillis", now);
        summary.put("headWindows", run.headWindows().size());
        summary.put("blocksWritten", run.blocksWritten());
        summary.put("samplesCompacted", run.samplesCompacted());
        summary.put("levelMerges", run.levelMerges().size());
        summary.put("orphansDeleted", run.orphansDeleted().size());
        summary.put("blocksExpired", run.expired().size());
        summary.put("failures", run.failures());
        // One structured line per run: CloudWatch metric filters can count and alarm on it.
        System.out.println("{\"event\":\"compaction\",\"timeMillis\":" + now + ",\"blocksWritten\":" + run.blocksWritten()
                + ",\"samplesCompacted\":" + run.samplesCompacted() + ",\"blocksExpired\":" + run.expired().size()
                + ",\"failures\":" + run.failures().size() + "}");
        if (!run.succeeded()) {
            throw new PromlessException(ErrorType.INTERNAL, "compaction at " + now + " had " + run.failures().size()
                    + " failed steps: " + String.join("; ", run.failures()));
        }
        return summary;
    }
}
