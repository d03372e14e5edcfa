package io.promless.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts the AWS requests a run really makes, per service and operation, and the billing units
 * behind them: DynamoDB write request units (one per started KiB of each written item, by
 * DynamoDB's item-size rules) and SQS billed requests (one per started 64 KiB of a message).
 */
final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder dynamoWriteUnits = new LongAdder();
    private final LongAdder dynamoItemsWritten = new LongAdder();
    private final LongAdder sqsBilledSendRequests = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        requests.computeIfAbsent(service + " " + operation, key -> new LongAdder()).increment();
        SdkRequest request = context.request();
        if (request instanceof BatchWriteItemRequest batch) {
            for (var table : batch.requestItems().values()) {
                for (WriteRequest write : table) {
                    if (write.putRequest() != null) {
                        countItem(write.putRequest().item());
                    }
                }
            }
        } else if (request instanceof PutItemRequest put) {
            countItem(put.item());
        } else if (request instanceof SendMessageRequest send) {
            long bytes = utf8(send.messageBody());
            for (Map.Entry<String, MessageAttributeValue> attribute : send.messageAttributes().entrySet()) {
                bytes += utf8(attribute.getKey()) + utf8(attribute.getValue().dataType())
                        + utf8(attribute.getValue().stringValue());
            }
            sqsBilledSendRequests.add(Math.max(1, (bytes + 65_535) / 65_536));
        }
    }

    private void countItem(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        dynamoItemsWritten.increment();
        dynamoWriteUnits.add(Math.max(1, (bytes + 1023) / 1024));
    }

    /** DynamoDB's size rules: strings as UTF-8, binary as is, numbers about one byte per two digits plus one. */
    private static long valueBytes(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.n() != null) {
            return value.n().replace("-", "").replace(".", "").length() / 2 + 1;
        }
        if (value.bool() != null) {
            return 1;
        }
        return 1;
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    Map<String, Long> requestsByOperation() {
        Map<String, Long> sorted = new TreeMap<>();
        requests.forEach((operation, count) -> sorted.put(operation, count.sum()));
        return sorted;
    }

    long requests(String servicePrefix) {
        return requestsByOperation().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(servicePrefix + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    long dynamoWriteUnits() {
        return dynamoWriteUnits.sum();
    }

    long dynamoItemsWritten() {
        return dynamoItemsWritten.sum();
    }

    long sqsBilledSendRequests() {
        return sqsBilledSendRequests.sum();
    }
}
