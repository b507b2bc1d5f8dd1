package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T05:00:00Z"));
    private final AtomicLong frames = new AtomicLong();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicBoolean expecting = new AtomicBoolean(true);
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger escalations = new AtomicInteger();

    private Watchdog watchdog(int maxRestarts) {
        return new Watchdog(clock, Duration.ofSeconds(10), maxRestarts, frames::get, healthy::get, expecting::get,
                restarts::incrementAndGet, escalations::incrementAndGet);
    }

    /** One second passes; frames advance if {@code playing}; the watchdog looks. */
    private Watchdog.Kind second(Watchdog w, boolean playing) {
        clock.advance(Duration.ofSeconds(1));
        if (playing) {
            frames.addAndGet(30);
        }
        return w.check();
    }

    @Test
    void advancingFramesNeverTriggerARestart() {
        Watchdog w = watchdog(3);
        for (int i = 0; i < 120; i++) {
            assertNull(second(w, true));
        }
        assertEquals(0, restarts.get());
    }

    @Test
    void frozenFramesRestartTheOutputAfterTheLimit() {
        Watchdog w = watchdog(3);
        second(w, true);
        for (int i = 1; i < 10; i++) {
            assertNull(second(w, false), "second " + i + " of the freeze");
        }
        assertEquals(Watchdog.Kind.FROZEN, second(w, false));
        assertEquals(1, restarts.get());
        Watchdog.Event e = w.status().events().get(0);
        assertEquals(Watchdog.Kind.FROZEN, e.kind());
        assertTrue(e.detail().contains("no frame for 10 s"), e.detail());
        assertEquals(clock.instant(), e.at());
    }

    @Test
    void noFramesAreExpectedWhileThePanelIsOffBySchedule() {
        Watchdog w = watchdog(3);
        expecting.set(false);
        for (int i = 0; i < 600; i++) {
            assertNull(second(w, false));
        }
        expecting.set(true);
        // The limit counts from the first check that sees frames expected again, so a panel switching on (or a
        // clock jump across the night) never looks like hours without a frame.
        for (int i = 1; i <= 10; i++) {
            assertNull(second(w, false), "second " + i + " after the panel came on");
        }
        assertEquals(Watchdog.Kind.FROZEN, second(w, false));
    }

    @Test
    void anOutputFailureRestartsAtOnce() {
        Watchdog w = watchdog(3);
        second(w, true);
        healthy.set(false);
        assertEquals(Watchdog.Kind.OUTPUT_FAILED, second(w, false));
        assertEquals(1, restarts.get());
    }

    @Test
    void restartsBackOffAndRecoveryIsRecorded() {
        Watchdog w = watchdog(5);
        healthy.set(false);
        assertEquals(Watchdog.Kind.OUTPUT_FAILED, second(w, false));
        // The next attempt waits 10 s, then 20 s.
        for (int i = 1; i < 10; i++) {
            assertNull(second(w, false));
        }
        assertEquals(Watchdog.Kind.OUTPUT_FAILED, second(w, false));
        for (int i = 1; i < 20; i++) {
            assertNull(second(w, false));
        }
        assertEquals(Watchdog.Kind.OUTPUT_FAILED, second(w, false));
        assertEquals(3, restarts.get());
        healthy.set(true);
        assertEquals(Watchdog.Kind.RECOVERED, second(w, true));
        assertEquals(0, w.status().failing());
        assertEquals(3, w.status().restarts());
        assertEquals(Watchdog.Kind.RECOVERED, w.status().events().get(w.status().events().size() - 1).kind());
    }

    @Test
    void whenRestartsDoNotHelpItEscalatesOnce() {
        Watchdog w = watchdog(2);
        int frozenSeconds = 0;
        while (escalations.get() == 0 && frozenSeconds < 3600) {
            second(w, false);
            frozenSeconds++;
        }
        assertEquals(2, restarts.get());
        assertEquals(1, escalations.get());
        for (int i = 0; i < 3600; i++) {
            second(w, false);
        }
        assertEquals(1, escalations.get(), "escalates once, not every second");
        assertEquals(Watchdog.Kind.GAVE_UP, w.status().events().get(w.status().events().size() - 1).kind());
    }

    @Test
    void aRestartThatThrowsIsRecordedAndRetried() {
        Watchdog w = new Watchdog(clock, Duration.ofSeconds(5), 3, frames::get, () -> false, () -> true,
                () -> {
                    restarts.incrementAndGet();
                    throw new IllegalStateException("no /dev/fb0");
                }, escalations::incrementAndGet);
        second(w, false);
        assertEquals(Watchdog.Kind.RESTART_FAILED, w.status().events().get(1).kind());
        assertTrue(w.status().events().get(1).detail().contains("no /dev/fb0"));
        for (int i = 0; i < 5; i++) {
            second(w, false);
        }
        assertEquals(2, restarts.get());
    }
}
