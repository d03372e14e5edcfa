package io.promless.functions.scrape;

import static java.util.Objects.requireNonNull;

import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.scrape.ScrapeShard;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What one scrape invocation is asked to do, decoded from its event: the trigger time and the
 * shard. EventBridge Scheduler sends the template's input
 * {@code {"shard": k, "shards": S, "time": "<aws.scheduler.scheduled-time>"}}; an EventBridge
 * rule's scheduled event carries {@code time} only; a manual invocation may carry nothing. A
 * missing time means now, a missing shard means the only one.
 */
record ScrapeEvent(long timeMillis, ScrapeShard shard) {
    ScrapeEvent {
        requireNonNull(shard, "shard is null");
    }

    /** @throws PromlessException (bad_data) naming the field that is malformed */
    static ScrapeEvent decode(Map<String, ?> event, long nowMillis) {
        if (event == null) {
            return new ScrapeEvent(nowMillis, ScrapeShard.ALL);
        }
        long time = nowMillis;
        Object rawTime = event.get("time");
        if (rawTime != null && !rawTime.toString().isBlank()) {
            try {
                time = Instant.parse(rawTime.toString()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new PromlessException(ErrorType.BAD_DATA, "scrape event: \"time\" is not an ISO-8601 instant: " + rawTime);
            }
        }
        int shards = integer(event, "shards", 1);
        int index = integer(event, "shard", 0);
        try {
            return new ScrapeEvent(time, new ScrapeShard(index, shards));
        } catch (IllegalArgumentException e) {
            throw new PromlessException(ErrorType.BAD_DATA, "scrape event: " + e.getMessage());
        }
    }

    private static int integer(Map<String, ?> event, String field, int absent) {
        Object value = event.get(field);
        if (value == null) {
            return absent;
        }
        if (value instanceof Number number && number.doubleValue() == number.intValue()) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new PromlessException(ErrorType.BAD_DATA, "scrape event: \"" + field + "\" is not an integer: " + value);
        }
    }
}
