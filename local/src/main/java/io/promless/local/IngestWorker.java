package io.promless.local;

import static java.util.Objects.requireNonNull;

import io.promless.ingest.BatchResult;
import io.promless.ingest.FailureKind;
import io.promless.ingest.IngestService;
import io.promless.ingest.MessageFailure;
import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local stand-in for Lambda's SQS event source: polls the queue, hands batches to the
 * ingest service, acknowledges what succeeded, moves undecodable messages to the dead-letter
 * queue and leaves transient failures for redelivery after the visibility timeout.
 */
final class IngestWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IngestWorker.class.getName());
    private static final int BATCH_SIZE = 100;

    private final MessageQueue queue;
    private final MessageQueue deadLetters;
    private final IngestService ingest;
    private final Thread thread;
    private final LongAdder deadLettered = new LongAdder();
    private volatile boolean running = true;

    IngestWorker(MessageQueue queue, MessageQueue deadLetters, IngestService ingest) {
        this.queue = requireNonNull(queue, "queue is null");
        this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
        this.ingest = requireNonNull(ingest, "ingest is null");
        this.thread = new Thread(this::run, "promless-ingest");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Ingests whatever is waiting now; returns how many messages were taken. For tests and shutdown. */
    int drainOnce() {
        List<QueueMessage> batch = queue.receive(BATCH_SIZE, Duration.ZERO);
        if (!batch.isEmpty()) {
            handle(batch);
        }
        return batch.size();
    }

    private void run() {
        while (running) {
            try {
                List<QueueMessage> batch = queue.receive(BATCH_SIZE, Duration.ofSeconds(1));
                if (!batch.isEmpty()) {
                    handle(batch);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ingest poll failed; retrying", e);
                pause();
            }
        }
    }

    private void handle(List<QueueMessage> batch) {
        BatchResult result = ingest.ingest(batch);
        Map<String, MessageFailure> failures = new HashMap<>();
        for (MessageFailure failure : result.failures()) {
            failures.put(failure.messageId(), failure);
        }
        for (QueueMessage message : batch) {
            MessageFailure failure = failures.get(message.id());
            if (failure == null) {
                queue.acknowledge(message);
            } else if (failure.kind() == FailureKind.UNDECODABLE) {
                LOG.warning(() -> "message " + message.id() + " cannot be ingested (" + failure.detail() + "); moved to the dead-letter queue");
                deadLetters.send(message.body(), message.attributes());
                queue.acknowledge(message);
                deadLettered.increment();
            } else {
                LOG.warning(() -> "message " + message.id() + " failed (" + failure.detail() + "); it will be retried");
            }
        }
    }

    long messagesDeadLettered() {
        return deadLettered.sum();
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
