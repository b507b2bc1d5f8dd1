package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.testing.MutableClock;
import id.layar.render.Frame;
import id.layar.render.PanelPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisedPanelTest {

    /** An output that can be told to fail, and remembers what it was given. */
    static final class FlakyOutput implements PanelPort, Dimmable, AutoCloseable {
        final int id;
        boolean failing;
        boolean closed;
        double level = 1;
        long shown;

        FlakyOutput(int id) {
            this.id = id;
        }

        @Override
        public int width() {
            return 4;
        }

        @Override
        public int height() {
            return 2;
        }

        @Override
        public void show(Frame frame) {
            if (failing) {
                throw new IllegalStateException("HDMI unplugged (output " + id + ")");
            }
            shown++;
        }

        @Override
        public void setBrightness(double l) {
            level = l;
        }

        @Override
        public double brightness() {
            return level;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aFailingOutputIsRecordedNotThrownAndReopenedOnThePlayerThread() throws Exception {
        List<FlakyOutput> opened = new ArrayList<>();
        SupervisedPanel panel = new SupervisedPanel(4, 2, () -> {
            FlakyOutput o = new FlakyOutput(opened.size());
            opened.add(o);
            return o;
        });
        Frame f = new Frame(4, 2);
        panel.setBrightness(0.3);
        panel.show(f);
        assertEquals(1, panel.framesPresented());
        assertTrue(panel.healthy());

        opened.get(0).failing = true;
        panel.show(f);
        panel.show(f);
        assertEquals(1, panel.framesPresented(), "failed frames do not count");
        assertFalse(panel.healthy());
        assertTrue(panel.fault().contains("HDMI unplugged (output 0)"), panel.fault());

        panel.requestReopen();
        assertEquals(1, opened.size(), "nothing happens until the player's next frame");
        panel.show(f);
        assertEquals(2, opened.size());
        assertTrue(opened.get(0).closed);
        assertEquals(0.3, opened.get(1).level, 1e-12, "brightness carried over to the new output");
        assertTrue(panel.healthy());
        assertNull(panel.fault());
        assertEquals(2, panel.framesPresented());
        assertEquals(1, panel.reopens());
    }

    @Test
    void aReopenThatFailsLeavesTheFaultForTheWatchdog() throws Exception {
        int[] calls = {0};
        SupervisedPanel panel = new SupervisedPanel(4, 2, () -> {
            if (calls[0]++ > 0) {
                throw new HardwareException("the framebuffer output /dev/fb0", List.of("/dev/fb0 does not exist"));
            }
            return new FlakyOutput(0);
        });
        panel.requestReopen();
        panel.show(new Frame(4, 2));
        assertFalse(panel.healthy());
        assertTrue(panel.fault().contains("/dev/fb0 does not exist"), panel.fault());
        panel.show(new Frame(4, 2));
        assertEquals(0, panel.framesPresented());
    }

    @Test
    void theWatchdogReopensAFrozenOutputAndSeesItRecover() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-01T05:00:00Z"));
        List<FlakyOutput> opened = new ArrayList<>();
        SupervisedPanel panel = new SupervisedPanel(4, 2, () -> {
            FlakyOutput o = new FlakyOutput(opened.size());
            opened.add(o);
            return o;
        });
        Watchdog w = Watchdog.forPanel(clock, Duration.ofSeconds(3), 3, panel, () -> true, () -> { });
        Frame f = new Frame(4, 2);
        opened.get(0).failing = true;
        clock.advance(Duration.ofSeconds(1));
        panel.show(f);
        assertEquals(Watchdog.Kind.OUTPUT_FAILED, w.check());
        panel.show(f); // the player's next frame reopens
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Watchdog.Kind.RECOVERED, w.check());
        assertEquals(2, opened.size());
    }

    @Test
    void anOutputOfTheWrongSizeIsRefusedAtOpen() {
        assertThrows(IllegalArgumentException.class, () -> new SupervisedPanel(8, 8, () -> new FlakyOutput(0)));
    }
}
