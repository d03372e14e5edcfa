package io.promless.local.queue;

import static java.util.Objects.requireNonNull;

import io.promless.ports.MessageQueue;
import io.promless.ports.QueueMessage;
import io.promless.ports.QueueMessageRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A durable at-least-once {@link MessageQueue} over a directory: every message is a file under
 * {@code messages/} from the moment {@link #send} returns until it is acknowledged. A receive
 * hides a message for the visibility timeout; if it is not acknowledged by then, a later
 * receive returns it again under the same id with a new receipt. Leases live in memory, so after
 * a restart every unacknowledged message is visible at once. Messages are delivered oldest
 * first. One process owns the directory; within it the queue is thread-safe.
 *
 * <p>Ids are a sequence number (for ordering) plus a random UUID (for uniqueness across
 * restarts): consumers key idempotent writes by message id, so an id is never reused.
 */
public final class FileMessageQueue implements MessageQueue {
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;

    private static final Logger LOG = Logger.getLogger(FileMessageQueue.class.getName());
    private static final String TEMPORARY_PREFIX = ".tmp-";
    private static final int SEQUENCE_DIGITS = 19;

    private final Path messages;
    private final Path corrupt;
    private final long visibilityTimeoutNanos;
    private final int maxMessageBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<String> ids = new TreeSet<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final AtomicLong sequence;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder corrupted = new LongAdder();

    private record Lease(String receipt, long visibleAgainNanos) {}

    public FileMessageQueue(Path directory) {
        this(directory, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public FileMessageQueue(Path directory, Duration visibilityTimeout, int maxMessageBytes) {
        requireNonNull(directory, "directory is null");
        requireNonNull(visibilityTimeout, "visibilityTimeout is null");
        if (visibilityTimeout.isNegative()) {
            throw new IllegalArgumentException("visibilityTimeout is negative");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
        this.messages = directory.toAbsolutePath().resolve("messages");
        this.corrupt = directory.toAbsolutePath().resolve("corrupt");
        this.visibilityTimeoutNanos = visibilityTimeout.toNanos();
        this.maxMessageBytes = maxMessageBytes;
        try {
            Files.createDirectories(messages);
            Files.createDirectories(corrupt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create queue directory " + directory, e);
        }
        this.sequence = new AtomicLong(loadExistingIds() + 1);
    }

    /** Indexes the messages a previous run left behind; returns the highest sequence seen. */
    private long loadExistingIds() {
        long highest = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(messages)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(TEMPORARY_PREFIX)) {
                    Files.deleteIfExists(file); // never acknowledged as sent
                    continue;
                }
                ids.add(name);
                highest = Math.max(highest, sequenceOf(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read queue directory " + messages, e);
        }
        return highest;
    }

    private static long sequenceOf(String id) {
        int dash = id.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(id.substring(0, dash)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String send(String body, Map<String, String> attributes) {
        QueueMessageRules.check(body, attributes, maxMessageBytes);
        String id = String.format("%0" + SEQUENCE_DIGITS + "d", sequence.getAndIncrement()) + "-" + UUID.randomUUID();
        Path temporary = messages.resolve(TEMPORARY_PREFIX + id);
        try {
            Files.write(temporary, MessageFiles.encode(body, attributes));
            moveIntoPlace(temporary, messages.resolve(id));
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The constructor removes stray temporary files on the next start.
            }
            throw new UncheckedIOException("cannot write message to " + messages, e);
        }
        lock.lock();
        try {
            ids.add(id);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        sent.increment();
        return id;
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target);
        }
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public List<QueueMessage> receive(int max, Duration wait) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        requireNonNull(wait, "wait is null");
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                List<QueueMessage> batch = leaseVisible(max, now);
                long remaining = deadline - now;
                if (!batch.isEmpty() || remaining <= 0) {
                    received.add(batch.size());
                    return batch;
                }
                changed.await(Math.min(remaining, untilNextLeaseExpires(now)), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private List<QueueMessage> leaseVisible(int max, long now) {
        List<QueueMessage> batch = new ArrayList<>();
        for (String id : List.copyOf(ids)) {
            if (batch.size() == max) {
                break;
            }
            Lease lease = leases.get(id);
            if (lease != null && now - lease.visibleAgainNanos() < 0) {
                continue;
            }
            MessageFiles.StoredMessage stored = read(id);
            if (stored == null) {
                continue;
            }
            String receipt = id + "#" + UUID.randomUUID();
            leases.put(id, new Lease(receipt, now + visibilityTimeoutNanos));
            batch.add(new QueueMessage(id, stored.body(), stored.attributes(), receipt));
        }
        return batch;
    }

    /** Reads a message file; a damaged one is set aside under corrupt/ and counted, never retried forever. */
    private MessageFiles.StoredMessage read(String id) {
        Path file = messages.resolve(id);
        try {
            return MessageFiles.decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            forget(id);
            return null;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "queue message file " + file + " is damaged; moved to " + corrupt, e);
            corrupted.increment();
            forget(id);
            try {
                Files.move(file, corrupt.resolve(id), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                LOG.log(Level.WARNING, "cannot move damaged message " + file, moveFailed);
            }
            return null;
        }
    }

    private long untilNextLeaseExpires(long now) {
        long soonest = Long.MAX_VALUE;
        for (Lease lease : leases.values()) {
            soonest = Math.min(soonest, Math.max(1, lease.visibleAgainNanos() - now));
        }
        return soonest;
    }

    private void forget(String id) {
        ids.remove(id);
        leases.remove(id);
    }

    /**
     * Deletes the message when the receipt is the latest one issued for it; a stale receipt
     * (the message was redelivered since) leaves it in place, as SQS may.
     */
    @Override
    public void acknowledge(QueueMessage message) {
        requireNonNull(message, "message is null");
        lock.lock();
        try {
            Lease lease = leases.get(message.id());
            if (lease == null || !lease.receipt().equals(message.receipt())) {
                return;
            }
            try {
                Files.deleteIfExists(messages.resolve(message.id()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete message " + message.id(), e);
            }
            forget(message.id());
            acknowledged.increment();
        } finally {
            lock.unlock();
        }
    }

    /** Messages visible now (not hidden by an unexpired lease), as SQS's ApproximateNumberOfMessages. */
    @Override
    public long depth() {
        lock.lock();
        try {
            long now = System.nanoTime();
            return ids.stream()
                    .filter(id -> {
                        Lease lease = leases.get(id);
                        return lease == null || now - lease.visibleAgainNanos() >= 0;
                    })
                    .count();
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting or in flight: everything not yet acknowledged. */
    public long unacknowledged() {
        lock.lock();
        try {
            return ids.size();
        } finally {
            lock.unlock();
        }
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

    /** Message files that could not be decoded and were moved to {@code corrupt/}. */
    public long messagesCorrupt() {
        return corrupted.sum();
    }
}
