package io.promless.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimerSchedulerTest {
    @Test
    void aTaskRunsAtOnceThenRepeatsWithTheClocksTime() throws InterruptedException {
        Clock fixed = Clock.fixed(Instant.ofEpochMilli(1_234_567), ZoneOffset.UTC);
        List<Long> times = new CopyOnWriteArrayList<>();
        CountDownLatch threeTicks = new CountDownLatch(3);
        try (TimerScheduler scheduler = new TimerScheduler("test-timer", 1, fixed)) {
            scheduler.every(Duration.ofMillis(20), time -> {
                times.add(time);
                threeTicks.countDown();
            });
            assertThat(threeTicks.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(times).hasSizeGreaterThanOrEqualTo(3).allMatch(time -> time == 1_234_567L);
    }

    @Test
    void aNonPositiveIntervalIsRejected() {
        try (TimerScheduler scheduler = new TimerScheduler("test-timer", 1, Clock.systemUTC())) {
            assertThatThrownBy(() -> scheduler.every(Duration.ZERO, time -> {})).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
