package io.promless.aws;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items to one table with BatchWriteItem, 25 at a time, retrying the items DynamoDB
 * leaves unprocessed (throttling) with exponential backoff. Counts into the caller's adders, so
 * a store's counters also cover its other writes. Thread-safe.
 */
final class BatchItemWriter {
    static final int BATCH_WRITE_LIMIT = 25;
    private static final int MAX_BATCH_ATTEMPTS = 10;
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String itemKind;
    private final LongAdder writeRequests;
    private final LongAdder itemsWritten;
    private final LongAdder unprocessedRetries;

    /** @param itemKind what the items are, for error messages ("segment", "metadata") */
    BatchItemWriter(DynamoDbClient dynamoDb, String table, String itemKind, LongAdder writeRequests,
            LongAdder itemsWritten, LongAdder unprocessedRetries) {
        this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb is null");
        this.table = requireNonNull(table, "table is null");
        this.itemKind = requireNonNull(itemKind, "itemKind is null");
        this.writeRequests = requireNonNull(writeRequests, "writeRequests is null");
        this.itemsWritten = requireNonNull(itemsWritten, "itemsWritten is null");
        this.unprocessedRetries = requireNonNull(unprocessedRetries, "unprocessedRetries is null");
    }

    /** Writes every request; on return all are durable, or an exception says how many were not. */
    void writeAll(List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += BATCH_WRITE_LIMIT) {
            writeBatch(requests.subList(from, Math.min(requests.size(), from + BATCH_WRITE_LIMIT)));
        }
    }

    private void writeBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            Map<String, List<WriteRequest>> request = pending;
            writeRequests.increment();
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(builder -> builder.requestItems(request));
            int sent = request.get(table).size();
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            itemsWritten.add(sent - unprocessed.size());
            if (unprocessed.isEmpty()) {
                return;
            }
            if (attempt == MAX_BATCH_ATTEMPTS) {
                throw new IllegalStateException(unprocessed.size() + " " + itemKind + " writes to " + table
                        + " still unprocessed after " + MAX_BATCH_ATTEMPTS + " attempts (throttled?)");
            }
            unprocessedRetries.add(unprocessed.size());
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            pending = Map.of(table, unprocessed);
        }
    }

    private void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying unprocessed " + itemKind + " writes", e);
        }
    }
}
