package io.promless.aws;

import static java.util.Objects.requireNonNull;

import io.promless.ports.Notifier;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * A {@link Notifier} publishing to one SNS topic (email subscriptions, and the alert router).
 * SNS subjects must be printable ASCII without line breaks and under 100 characters, so the
 * subject is made to fit (line breaks become spaces, other characters '?', cut to 99) rather
 * than losing the notification; a message over SNS's 256 KiB limit is cut with a marker.
 * Thread-safe (SnsClient is).
 */
public final class SnsNotifier implements Notifier {
    static final int MAX_SUBJECT_CHARS = 99;
    static final int MAX_MESSAGE_BYTES = 262_144;
    private static final String TRUNCATED_MARKER = "\n[truncated]";
    private static final Logger LOG = Logger.getLogger(SnsNotifier.class.getName());

    private final SnsClient sns;
    private final String topicArn;
    private final LongAdder published = new LongAdder();
    private final LongAdder truncated = new LongAdder();

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = requireNonNull(sns, "sns is null");
        this.topicArn = requireNonNull(topicArn, "topicArn is null");
    }

    @Override
    public void publish(String subject, String message) {
        requireNonNull(subject, "subject is null");
        requireNonNull(message, "message is null");
        if (message.isEmpty()) {
            throw new IllegalArgumentException("notification message is empty");
        }
        String snsSubject = fitSubject(subject);
        String snsMessage = fitMessage(message);
        sns.publish(request -> {
            request.topicArn(topicArn).message(snsMessage);
            if (!snsSubject.isEmpty()) {
                request.subject(snsSubject);
            }
        });
        published.increment();
    }

    static String fitSubject(String subject) {
        StringBuilder out = new StringBuilder(Math.min(subject.length(), MAX_SUBJECT_CHARS));
        for (int i = 0; i < subject.length() && out.length() < MAX_SUBJECT_CHARS; i++) {
            char c = subject.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append('?');
            }
        }
        return out.toString().strip();
    }

    private String fitMessage(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_MESSAGE_BYTES) {
            return message;
        }
        truncated.increment();
        LOG.warning(() -> "notification of " + utf8.length + " bytes cut to SNS's limit for topic " + topicArn);
        int keep = MAX_MESSAGE_BYTES - TRUNCATED_MARKER.length();
        // Back off to a character boundary so the cut never splits a UTF-8 sequence.
        while (keep > 0 && (utf8[keep] & 0xc0) == 0x80) {
            keep--;
        }
        return new String(utf8, 0, keep, StandardCharsets.UTF_8) + TRUNCATED_MARKER;
    }

    public long notificationsPublished() {
        return published.sum();
    }

    public long notificationsTruncated() {
        return truncated.sum();
    }
}
