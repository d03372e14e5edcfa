package io.promless.functions.ingest;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.promless.ingest.BatchResult;
import io.promless.ingest.IngestService;
import io.promless.ingest.MessageFailure;
import io.promless.ports.QueueMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ingest Lambda: SQS batch in, partial batch failures out. Failed messages stay on the
 * queue; the redrive policy moves those that keep failing (undecodable ones) to the DLQ.
 */
public final class IngestFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final IngestService ingest;

    /** Lambda's entry point: the object graph is built once per container. */
    public IngestFunction() {
        this(IngestWiring.fromEnvironment());
    }

    public IngestFunction(IngestService ingest) {
        this.ingest = requireNonNull(ingest, "ingest is null");
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<QueueMessage> messages = new ArrayList<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            messages.add(toQueueMessage(record));
        }
        BatchResult result = ingest.ingest(messages);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (MessageFailure failure : result.failures()) {
            // One structured line per failure: CloudWatch metric filters count them by kind.
            System.err.printf("{\"event\":\"ingest_message_failed\",\"messageId\":\"%s\",\"kind\":\"%s\",\"detail\":\"%s\"}%n",
                    failure.messageId(), failure.kind(), jsonEscape(failure.detail()));
            failures.add(new SQSBatchResponse.BatchItemFailure(failure.messageId()));
        }
        return new SQSBatchResponse(failures);
    }

    static QueueMessage toQueueMessage(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (record.getMessageAttributes() != null) {
            record.getMessageAttributes().forEach((name, attribute) -> {
                if (attribute.getStringValue() != null) {
                    attributes.put(name, attribute.getStringValue());
                }
            });
        }
        String receipt = record.getReceiptHandle() == null ? record.getMessageId() : record.getReceiptHandle();
        return new QueueMessage(record.getMessageId(), record.getBody() == null ? "" : record.getBody(), attributes, receipt);
    }

    private static String jsonEscape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
