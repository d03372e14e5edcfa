package io.promless.aws;

import static java.util.Objects.requireNonNull;

import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import io.promless.ports.QueueMessageRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A {@link MessageQueue} over one SQS standard queue: text bodies with string message
 * attributes, long-polling receives, acknowledge = DeleteMessage, depth =
 * ApproximateNumberOfMessages. The visibility timeout and dead-letter redrive are the queue's
 * own settings. Thread-safe (SqsClient is).
 */
public final class SqsMessageQueue implements MessageQueue {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;
    private static final int MAX_RECEIVE = 10;
    private static final int MAX_WAIT_SECONDS = 20;
    private static final String STRING_TYPE = "String";

    private final SqsClient sqs;
    private final String queueUrl;
    private final int maxMessageBytes;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder requests = new LongAdder();

    public SqsMessageQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** A queue with a smaller (or, for SQS extended limits, larger) message size limit. */
    public SqsMessageQueue(SqsClient sqs, String queueUrl, int maxMessageBytes) {
        this.sqs = requireNonNull(sqs, "sqs is null");
        this.queueUrl = requireNonNull(queueUrl, "queueUrl is null");
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public String send(String body, Map<String, String> attributes) {
        QueueMessageRules.check(body, attributes, maxMessageBytes);
        Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((name, value) ->
                values.put(name, MessageAttributeValue.builder().dataType(STRING_TYPE).stringValue(value).build()));
        requests.increment();
        String id = sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).messageAttributes(values))
                .messageId();
        sent.increment();
        return id;
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * At most 10 messages per call (SQS's limit). SQS waits in whole seconds: a wait below one
     * second but above zero long-polls for one second.
     */
    @Override
    public List<QueueMessage> receive(int max, Duration wait) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        requireNonNull(wait, "wait is null");
        long waitMillis = Math.max(0, wait.toMillis());
        int waitSeconds = (int) Math.min(MAX_WAIT_SECONDS, (waitMillis + 999) / 1000);
        requests.increment();
        List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(Math.min(max, MAX_RECEIVE))
                .waitTimeSeconds(waitSeconds)
                .messageAttributeNames("All")).messages();
        List<QueueMessage> result = new ArrayList<>(messages.size());
        for (Message message : messages) {
            result.add(new QueueMessage(message.messageId(), message.body(), stringAttributes(message),
                    message.receiptHandle()));
        }
        received.add(result.size());
        return result;
    }

    /** String and Number attributes as text; binary attributes (never sent by Promless) are dropped. */
    private static Map<String, String> stringAttributes(Message message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        return attributes;
    }

    @Override
    public void acknowledge(QueueMessage message) {
        requireNonNull(message, "message is null");
        requests.increment();
        sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receipt()));
        acknowledged.increment();
    }

    @Override
    public long depth() {
        requests.increment();
        String value = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return value == null ? 0 : Long.parseLong(value);
    }

    public long messagesSent() {
        return sent.sum();
    }

    public long messagesReceived() {
        return received.sum();
    }

    public long messagesAcknowledged() {
        return acknowledged.sum();
    }

    /** SQS API requests made, for cost accounting. */
    public long requests() {
        return requests.sum();
    }
}
