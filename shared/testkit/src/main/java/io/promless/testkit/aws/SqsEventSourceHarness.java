package io.promless.testkit.aws;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Plays Lambda's SQS event source against a real (emulated) queue: receives a batch with all
 * system and message attributes, builds the {@link SQSEvent} Lambda would, invokes the handler,
 * then deletes what succeeded and leaves the rest to reappear after the visibility timeout (and
 * move to the dead-letter queue after maxReceiveCount receives, by the queue's redrive policy).
 *
 * <p>Outcomes follow Lambda with ReportBatchItemFailures: a null response or an empty or null
 * failure list means every message succeeded; a handler exception, or a failure whose
 * itemIdentifier is null, empty or not a message of the batch, fails the whole batch.
 */
public final class SqsEventSourceHarness {
    public static final int MAX_BATCH_SIZE = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;

    /** What one invocation saw and did. {@code handlerError} is set when the handler threw. */
    public record Delivery(SQSEvent event, SQSBatchResponse response, Throwable handlerError,
            List<String> deletedIds, List<String> failedIds) {
        public Delivery {
            deletedIds = List.copyOf(deletedIds);
            failedIds = List.copyOf(failedIds);
        }
    }

    public SqsEventSourceHarness(SqsClient sqs, String queueUrl, String queueArn, String region, int batchSize) {
        this.sqs = requireNonNull(sqs, "sqs is null");
        this.queueUrl = requireNonNull(queueUrl, "queueUrl is null");
        this.queueArn = requireNonNull(queueArn, "queueArn is null");
        this.region = requireNonNull(region, "region is null");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** A harness over a queue made by {@link AwsResources#createQueue}, batches of 10. */
    public static SqsEventSourceHarness of(SqsClient sqs, AwsEndpoint endpoint, AwsResources.QueueWithDeadLetters queue) {
        return new SqsEventSourceHarness(sqs, queue.queueUrl(), queue.queueArn(), endpoint.region().id(), MAX_BATCH_SIZE);
    }

    /** One poll (long-polling up to {@code wait}) and, when messages arrived, one invocation. */
    public Optional<Delivery> deliverOnce(Function<SQSEvent, SQSBatchResponse> handler, Duration wait) {
        requireNonNull(handler, "handler is null");
        List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds((int) Math.min(20, Math.max(0, wait.toSeconds())))
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        SQSEvent event = toEvent(messages);
        SQSBatchResponse response = null;
        Throwable error = null;
        try {
            response = handler.apply(event);
        } catch (RuntimeException | Error e) {
            error = e;
        }
        Set<String> failed = error == null ? failedIds(messages, response) : allIds(messages);
        List<Message> succeeded = messages.stream().filter(message -> !failed.contains(message.messageId())).toList();
        delete(succeeded);
        return Optional.of(new Delivery(event, response, error,
                succeeded.stream().map(Message::messageId).toList(), List.copyOf(failed)));
    }

    /** Delivers until a poll of {@code idleWait} finds no visible message; returns every delivery. */
    public List<Delivery> drain(Function<SQSEvent, SQSBatchResponse> handler, Duration idleWait) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Optional<Delivery> delivery = deliverOnce(handler, idleWait); delivery.isPresent();
                delivery = deliverOnce(handler, idleWait)) {
            deliveries.add(delivery.get());
        }
        return deliveries;
    }

    private static Set<String> failedIds(List<Message> messages, SQSBatchResponse response) {
        if (response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> inBatch = allIds(messages);
        Set<String> failed = new LinkedHashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty() || !inBatch.contains(id)) {
                return inBatch; // Lambda treats a malformed failure report as a failed batch.
            }
            failed.add(id);
        }
        return failed;
    }

    private static Set<String> allIds(List<Message> messages) {
        Set<String> ids = new LinkedHashSet<>();
        messages.forEach(message -> ids.add(message.messageId()));
        return ids;
    }

    private void delete(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        DeleteMessageBatchResponse response = sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        if (response.hasFailed() && !response.failed().isEmpty()) {
            throw new IllegalStateException("deleting processed messages failed: " + response.failed());
        }
    }

    private SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
            record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
            record.setMessageAttributes(toEventAttributes(message.messageAttributes()));
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(region);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static Map<String, SQSEvent.MessageAttribute> toEventAttributes(Map<String, MessageAttributeValue> attributes) {
        Map<String, SQSEvent.MessageAttribute> converted = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(value.dataType());
            attribute.setStringValue(value.stringValue());
            if (value.binaryValue() != null) {
                attribute.setBinaryValue(ByteBuffer.wrap(value.binaryValue().asByteArray()));
            }
            // Lambda always sends both list fields, empty.
            attribute.setStringListValues(new ArrayList<>(value.stringListValues()));
            attribute.setBinaryListValues(new ArrayList<>(value.binaryListValues().stream()
                    .map(bytes -> ByteBuffer.wrap(bytes.asByteArray())).toList()));
            converted.put(name, attribute);
        });
        return converted;
    }
}
