package io.promless.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.ports.Notifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Notifier} adapter shares. Subclasses return a fresh notifier and
 * report what reached its recipient (a queue subscribed to the topic, or a log handler).
 */
public abstract class NotifierContract {
    private Notifier notifier;

    /** A subject and message as the recipient saw them. */
    public record Delivered(String subject, String message) {}

    /** A new notifier whose deliveries {@link #delivered} observes. */
    protected abstract Notifier createNotifier();

    /** What reached the recipient of the notifier last created, waiting up to {@code wait} for {@code expected} items. */
    protected abstract List<Delivered> delivered(int expected, Duration wait);

    @BeforeEach
    void setUpNotifier() {
        notifier = createNotifier();
    }

    @Test
    void publishedNotificationReachesTheRecipient() {
        notifier.publish("[FIRING:1] HighLatency", "Alert HighLatency is firing\nlabels: job=api");
        assertThat(delivered(1, Duration.ofSeconds(10)))
                .containsExactly(new Delivered("[FIRING:1] HighLatency", "Alert HighLatency is firing\nlabels: job=api"));
    }

    @Test
    void everyNotificationArrives() {
        for (int i = 0; i < 3; i++) {
            notifier.publish("subject " + i, "message " + i);
        }
        assertThat(delivered(3, Duration.ofSeconds(10))).containsExactlyInAnyOrder(
                new Delivered("subject 0", "message 0"), new Delivered("subject 1", "message 1"),
                new Delivered("subject 2", "message 2"));
    }

    @Test
    void unicodeMessageArrivesUnchanged() {
        String message = "Température élevée: 42 °C — 名前 ✓\n\ttabbed";
        notifier.publish("unicode", message);
        assertThat(delivered(1, Duration.ofSeconds(10))).singleElement()
                .satisfies(item -> assertThat(item.message()).isEqualTo(message));
    }

    /** Subjects with line breaks or beyond 100 characters still deliver the message. */
    @Test
    void awkwardSubjectStillDeliversTheMessage() {
        String subject = "first line\nsecond line " + "x".repeat(150);
        notifier.publish(subject, "body");
        assertThat(delivered(1, Duration.ofSeconds(10))).singleElement().satisfies(item -> {
            assertThat(item.message()).isEqualTo("body");
            assertThat(item.subject()).startsWith("first line");
        });
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> notifier.publish(null, "m")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> notifier.publish("s", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> notifier.publish("s", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
