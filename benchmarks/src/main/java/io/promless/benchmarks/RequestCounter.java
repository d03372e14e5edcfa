package io.promless.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts the AWS requests a run really makes, per service and operation, the bytes sent and
 * received, and the billing units behind them: DynamoDB write request units (one per started KiB
 * of each written item, by DynamoDB's item-size rules), DynamoDB read request units (per request,
 * one per started 4 KiB of the items read, half for eventually consistent reads) and SQS billed
 * requests (one per started 64 KiB of a message).
 */
final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytesSent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytesReceived = new ConcurrentHashMap<>();
    /** In half units, so eventually consistent reads count exactly. */
    private final LongAdder dynamoReadHalfUnits = new LongAdder();
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

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        long sent = context.requestBody().flatMap(body -> body.optionalContentLength()).orElse(0L);
        long received = context.httpResponse().firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(0L);
        bytesSent.computeIfAbsent(operation, key -> new LongAdder()).add(sent);
        bytesReceived.computeIfAbsent(operation, key -> new LongAdder()).add(received);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof QueryRequest query && context.response() instanceof QueryResponse response) {
            countRead(response.items(), Boolean.TRUE.equals(query.consistentRead()));
        } else if (request instanceof GetItemRequest get && context.response() instanceof GetItemResponse response) {
            countRead(response.hasItem() ? List.of(response.item()) : List.of(), Boolean.TRUE.equals(get.consistentRead()));
        } else if (request instanceof ScanRequest scan && context.response() instanceof ScanResponse response) {
            countRead(response.items(), Boolean.TRUE.equals(scan.consistentRead()));
        }
    }

    /** A Query or GetItem costs its items' total size in started 4 KiB units, at least one. */
    private void countRead(List<Map<String, AttributeValue>> items, boolean consistent) {
        long bytes = 0;
        for (Map<String, AttributeValue> item : items) {
            for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
                bytes += utf8(attribute.getKey()) + valueBytes(attribute.getValue());
            }
        }
        long units = Math.max(1, (bytes + 4095) / 4096);
        dynamoReadHalfUnits.add(consistent ? 2 * units : units);
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

    double dynamoReadUnits() {
        return dynamoReadHalfUnits.sum() / 2.0;
    }

    long bytesSent(String servicePrefix) {
        return sum(bytesSent, servicePrefix);
    }

    long bytesReceived(String servicePrefix) {
        return sum(bytesReceived, servicePrefix);
    }

    /** Requests of one operation, e.g. {@code "S3 GetObject"}. */
    long requestsOf(String operation) {
        LongAdder count = requests.get(operation);
        return count == null ? 0 : count.sum();
    }

    private static long sum(Map<String, LongAdder> counts, String servicePrefix) {
        return counts.entrySet().stream().filter(entry -> entry.getKey().startsWith(servicePrefix + " "))
                .mapToLong(entry -> entry.getValue().sum()).sum();
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
