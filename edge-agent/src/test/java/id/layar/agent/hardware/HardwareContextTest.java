package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.plugin.mock.provider.spi.MockSpi;
import id.layar.playlist.testing.MutableClock;
import id.layar.render.Frame;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareContextTest {
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(PowerScheduleTest.at("2025-03-01T22:00:00", WIB));
    private final FakeScheduler scheduler = new FakeScheduler();
    private final AtomicInteger pi4jCreated = new AtomicInteger();
    private Context pi4j;

    @AfterEach
    void shutdown() {
        if (pi4j != null && !pi4j.isShutdown()) {
            pi4j.shutdown();
        }
    }

    private Supplier<Context> mock(Supplier<Context> make) {
        return () -> {
            pi4jCreated.incrementAndGet();
            pi4j = make.get();
            return pi4j;
        };
    }

    private HardwareConfig hdmiConfig(boolean sensor) {
        return new HardwareConfig(HardwareConfig.Output.FRAMEBUFFER,
                new HardwareConfig.Framebuffer("/dev/fb0", root, 8, 4, Rotation.R0), null,
                new HardwareConfig.Power(17, true, List.of(PowerSchedule.Window.parse("23:00-05:00")), WIB),
                new HardwareConfig.Light(sensor, 1, 0x23, new BrightnessCurve(0.2, 1.0, 10, 10_000, Duration.ZERO),
                        new BrightnessSchedule(LocalTime.of(6, 0), LocalTime.of(18, 0), 1.0, 0.5), Duration.ofSeconds(1)),
                new HardwareConfig.Led(27));
    }

    private DigitalOutput relayPin() {
        return pi4j.io(PowerRelay.PI4J_ID, DigitalOutput.class);
    }

    private static Frame white(int w, int h) {
        Frame f = new Frame(w, h);
        f.fill(0xFFFFFF);
        return f;
    }

    @Test
    void clockAndLightReadingsDriveTheRelayTheLedAndTheBrightnessOnTheWall() throws Exception {
        FakeFramebuffer fb = FakeFramebuffer.create(root, 64, 40, 32);
        try (HardwareContext hw = HardwareContext.open(hdmiConfig(true), 32, 16, mock(MockPi4j::context), scheduler, clock, () -> null)) {
            assertEquals(1, pi4jCreated.get());
            assertEquals(DigitalState.LOW, relayPin().state(), "22:00: panel on (active-low)");
            I2C light = pi4j.io(Bh1750.PI4J_ID, I2C.class);
            SupervisedPanel out = hw.output().orElseThrow();

            // A dark street: the sensor reads 5 lx, the wall goes to its minimum.
            MockPi4j.queueLux(light, 5);
            HardwareStatus s = hw.tick(clock.instant(), false, false);
            assertEquals(BrightnessStatus.Source.SENSOR, s.brightness().source());
            assertEquals(0.2, s.brightness().level(), 1e-9);
            out.show(white(32, 16));
            int v = (int) Math.round(255 * Math.pow(0.2, 1 / 2.2));
            assertEquals(v << 16 | v << 8 | v, fb.rgb(fb.bytes(), 8 + 5, 4 + 5), "the framebuffer carries the dimmed white");
            assertEquals(StatusLed.Pattern.PLAYING, hw.led().orElseThrow().pattern());
            assertTrue(hw.shouldShow(clock.instant()));

            // 23:30: the schedule switches the panel off; the player idles, the LED says so.
            clock.advance(Duration.ofMinutes(90));
            MockPi4j.queueLux(light, 5);
            s = hw.tick(clock.instant(), false, false);
            assertEquals(DigitalState.HIGH, relayPin().state(), "off: the pin goes high");
            assertFalse(hw.shouldShow(clock.instant()));
            assertFalse(s.power().on());
            assertEquals(StatusLed.Pattern.PANEL_OFF, hw.led().orElseThrow().pattern());
            assertTrue(hw.led().orElseThrow().isLit(), "the pattern starts with a flash");

            // The sensor falls silent: brightness follows the schedule (night, 0.5) and the LED shows an error.
            MockPi4j.drain(light);
            clock.advance(Duration.ofSeconds(1));
            s = hw.tick(clock.instant(), false, false);
            assertEquals(BrightnessStatus.Source.SCHEDULE, s.brightness().source());
            assertEquals(0.5, s.brightness().level(), 1e-9);
            assertEquals(0.5, out.brightness(), 1e-9);
            assertNotNull(s.brightness().fault());
            assertEquals(StatusLed.Pattern.ERROR, hw.led().orElseThrow().pattern());

            // Syncing shows while nothing is wrong: the sensor answers again (set-up first, reading next).
            MockPi4j.queueLux(light, 5);
            clock.advance(Duration.ofSeconds(1));
            hw.tick(clock.instant(), true, false);
            clock.advance(Duration.ofSeconds(1));
            s = hw.tick(clock.instant(), true, false);
            assertNull(s.brightness().fault());
            assertEquals(StatusLed.Pattern.SYNCING, hw.led().orElseThrow().pattern());
        }
        assertTrue(pi4j.isShutdown(), "closing shuts the Pi4J context down");
    }

    @Test
    void spiOutputGetsTheBrightnessAsItsGlobalFiveBits() throws Exception {
        HardwareConfig c = new HardwareConfig(HardwareConfig.Output.SPI, null,
                new HardwareConfig.Spi(0, 0, 4_000_000, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.TOP_LEFT, 0, 0),
                null, new HardwareConfig.Light(false, 1, 0x23, BrightnessCurve.DEFAULT,
                new BrightnessSchedule(LocalTime.of(6, 0), LocalTime.of(18, 0), 1.0, 0.25), Duration.ofSeconds(1)), null);
        try (HardwareContext hw = HardwareContext.open(c, 8, 4, mock(MockPi4j::context), scheduler, clock, () -> null)) {
            MockSpi spi = (MockSpi) pi4j.io(SpiMatrixPanel.PI4J_ID, Spi.class);
            spi.readEntireMockBuffer();
            hw.tick(clock.instant(), false, false); // 22:00: night level 0.25
            hw.output().orElseThrow().show(white(8, 4));
            Apa102Decoder.Led led = Apa102Decoder.frames(spi.readEntireMockBuffer(), 32).get(0).get(0);
            assertEquals(Math.round(0.25 * 31), led.brightness());
            assertEquals(0xFFFFFF, led.rgb());
            assertTrue(hw.faults().isEmpty(), "no sensor configured is not a fault: " + hw.faults());
        }
    }

    @Test
    void aSensorOnABusThatIsNotEnabledIsAFaultAndTheScheduleTakesOver() throws Exception {
        FakeFramebuffer.create(root, 64, 40, 32);
        try (HardwareContext hw = HardwareContext.open(hdmiConfig(true), 32, 16, mock(MockPi4j::withoutI2c), scheduler, clock, () -> null)) {
            assertEquals(1, hw.faults().size(), hw.faults().toString());
            assertTrue(hw.faults().get(0).contains("cannot open I2C bus 1") && hw.faults().get(0).contains("do_i2c 0"), hw.faults().get(0));
            HardwareStatus s = hw.tick(clock.instant(), false, false);
            assertEquals(BrightnessStatus.Source.SCHEDULE, s.brightness().source());
            assertEquals(0.5, s.brightness().level(), 1e-9);
            assertEquals(StatusLed.Pattern.ERROR, hw.led().orElseThrow().pattern());
            assertEquals(DigitalState.LOW, relayPin().state(), "the rest works");
        }
    }

    @Test
    void gpioThatCannotBeClaimedIsAFaultNotAStop() throws Exception {
        FakeFramebuffer.create(root, 64, 40, 32);
        try (HardwareContext hw = HardwareContext.open(hdmiConfig(false), 32, 16, mock(MockPi4j::withoutGpio), scheduler, clock, () -> null)) {
            assertEquals(2, hw.faults().size(), hw.faults().toString());
            assertTrue(hw.faults().get(0).startsWith("hardware.power.relay-pin: cannot claim GPIO17") && hw.faults().get(0).contains("gpio group"));
            assertTrue(hw.faults().get(1).startsWith("hardware.led.pin: cannot claim GPIO27"));
            assertTrue(hw.led().isEmpty());
            HardwareStatus s = hw.tick(clock.instant(), false, false);
            assertTrue(s.power().on(), "the schedule still decides whether the player shows");
            assertFalse(s.power().relay());
            hw.output().orElseThrow().show(white(32, 16));
            assertEquals(1, hw.output().orElseThrow().framesPresented());
        }
    }

    @Test
    void anOutputThatCannotOpenStopsTheStartListingEveryProblemAndReleasesPi4j() {
        // No framebuffer under root at all.
        HardwareException e = assertThrows(HardwareException.class,
                () -> HardwareContext.open(hdmiConfig(true), 32, 16, mock(MockPi4j::context), scheduler, clock, () -> null));
        assertTrue(e.getMessage().contains("there is no framebuffer fb0"), e.getMessage());
        assertTrue(pi4j.isShutdown());
    }

    @Test
    void aMatrixOfAnotherSizeThanThePanelIsRefusedBeforeAnythingOpens() {
        HardwareConfig c = new HardwareConfig(HardwareConfig.Output.SPI, null,
                new HardwareConfig.Spi(0, 0, 4_000_000, MatrixLayout.Wiring.ROW_MAJOR, MatrixLayout.Corner.TOP_LEFT, 16, 16),
                null, null, null);
        HardwareException e = assertThrows(HardwareException.class,
                () -> HardwareContext.open(c, 32, 16, mock(MockPi4j::context), scheduler, clock, () -> null));
        assertTrue(e.getMessage().contains("16x16") && e.getMessage().contains("32x16"), e.getMessage());
        assertEquals(0, pi4jCreated.get());
    }

    @Test
    void theVirtualPanelNeedsNoPi4jAtAll() throws Exception {
        try (HardwareContext hw = HardwareContext.open(HardwareConfig.NONE, 32, 16, mock(MockPi4j::context), scheduler, clock, () -> null)) {
            assertEquals(0, pi4jCreated.get());
            assertTrue(hw.output().isEmpty());
            assertTrue(hw.shouldShow(clock.instant()));
            assertNull(hw.watchdog(clock, Duration.ofSeconds(10), 3, () -> { }));
            HardwareStatus s = hw.tick(clock.instant(), false, false);
            assertEquals("virtual", s.output());
        }
    }

    @Test
    void aFrozenScreenTurnsTheStatusLedToErrorUntilFramesAdvanceAgain() throws Exception {
        FakeFramebuffer.create(root, 64, 40, 32);
        try (HardwareContext hw = HardwareContext.open(hdmiConfig(false), 32, 16, mock(MockPi4j::context), scheduler, clock, () -> null)) {
            Watchdog w = hw.watchdog(clock, Duration.ofSeconds(10), 3, () -> { });
            SupervisedPanel out = hw.output().orElseThrow();
            StatusLed led = hw.led().orElseThrow();
            out.show(white(32, 16));
            clock.advance(Duration.ofSeconds(1));
            hw.tick(clock.instant(), false, false);
            assertEquals(StatusLed.Pattern.PLAYING, led.pattern(), "22:00, frames advancing");

            // The player stops presenting frames (stuck, say): nothing throws, the output still looks healthy.
            for (int i = 0; i < 10; i++) {
                clock.advance(Duration.ofSeconds(1));
                hw.tick(clock.instant(), false, false);
            }
            assertEquals(1, w.status().restarts());
            assertTrue(out.healthy(), "a frozen screen is not an output failure");
            assertEquals(StatusLed.Pattern.ERROR, led.pattern(), "frozen and restarting: the LED says error");
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                hw.tick(clock.instant(), false, false);
                assertEquals(StatusLed.Pattern.ERROR, led.pattern(), "still error while the restart has not helped");
            }

            out.show(white(32, 16)); // frames again, through the reopened output
            clock.advance(Duration.ofSeconds(1));
            hw.tick(clock.instant(), false, false);
            assertEquals(Watchdog.Kind.RECOVERED, w.status().events().get(w.status().events().size() - 1).kind());
            assertEquals(StatusLed.Pattern.PLAYING, led.pattern(), "recovered: back to playing");
        }
    }

    @Test
    void theWatchdogOverTheOutputIsQuietWhileThePanelIsOffBySchedule() throws Exception {
        FakeFramebuffer.create(root, 64, 40, 32);
        HardwareConfig c = new HardwareConfig(HardwareConfig.Output.FRAMEBUFFER,
                new HardwareConfig.Framebuffer("/dev/fb0", root, 0, 0, Rotation.R0), null,
                new HardwareConfig.Power(17, true, List.of(PowerSchedule.Window.parse("23:00-05:00")), WIB), null, null);
        try (HardwareContext hw = HardwareContext.open(c, 32, 16, mock(MockPi4j::context), scheduler, clock, () -> null)) {
            AtomicInteger escalated = new AtomicInteger();
            Watchdog w = hw.watchdog(clock, Duration.ofSeconds(10), 3, escalated::incrementAndGet);
            clock.set(PowerScheduleTest.at("2025-03-02T01:00:00", WIB));
            for (int i = 0; i < 60; i++) {
                clock.advance(Duration.ofSeconds(1));
                hw.tick(clock.instant(), false, false);
            }
            assertEquals(0, w.status().restarts(), "no frames at night is not a frozen screen");
            SupervisedPanel out = hw.output().orElseThrow();
            // A reopen is served at the next frame the player presents; had the watchdog asked for one, it would be here.
            out.show(white(32, 16));
            assertEquals(0, out.reopens(), "the output was not reopened at night");
            clock.set(PowerScheduleTest.at("2025-03-02T06:00:00", WIB));
            for (int i = 0; i < 11; i++) {
                clock.advance(Duration.ofSeconds(1));
                hw.tick(clock.instant(), false, false);
            }
            assertEquals(1, w.status().restarts(), "by day, 10 s without a frame reopens the output");
            assertEquals(Watchdog.Kind.FROZEN, hw.status(clock.instant()).watchdog().events().get(0).kind());
            out.show(white(32, 16));
            assertEquals(1, out.reopens(), "the same check sees a reopen when there is one");
        }
    }
}
