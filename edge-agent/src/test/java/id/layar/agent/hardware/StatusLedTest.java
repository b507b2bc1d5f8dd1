package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusLedTest {
    private Context pi4j;
    private final FakeScheduler scheduler = new FakeScheduler();

    @BeforeEach
    void pi4j() {
        pi4j = MockPi4j.context();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private DigitalOutput pin() {
        return pi4j.io(StatusLed.PI4J_ID, DigitalOutput.class);
    }

    @Test
    void playingBlinksSlowlyAndEvenly() {
        StatusLed led = new StatusLed(pi4j, 27, scheduler);
        assertFalse(pin().isHigh(), "dark until told");
        led.show(StatusLed.Pattern.PLAYING);
        assertEquals(List.of("0:on", "1000:off", "2000:on", "3000:off", "4000:on"), scheduler.timeline(4500, pin()::isHigh));
    }

    @Test
    void syncingFlickersFast() {
        StatusLed led = new StatusLed(pi4j, 27, scheduler);
        led.show(StatusLed.Pattern.SYNCING);
        assertEquals(List.of("0:on", "100:off", "200:on", "300:off", "400:on"), scheduler.timeline(450, pin()::isHigh));
    }

    @Test
    void errorFlashesThreeTimesThenPauses() {
        StatusLed led = new StatusLed(pi4j, 27, scheduler);
        led.show(StatusLed.Pattern.ERROR);
        assertEquals(List.of("0:on", "150:off", "300:on", "450:off", "600:on", "750:off", "2000:on"),
                scheduler.timeline(2100, pin()::isHigh));
        assertEquals(2000, StatusLed.Pattern.ERROR.period());
    }

    @Test
    void switchingPatternsStartsTheNewOneAtOnceAndCancelsTheOld() {
        StatusLed led = new StatusLed(pi4j, 27, scheduler);
        led.show(StatusLed.Pattern.PLAYING);
        scheduler.advance(500);
        led.show(StatusLed.Pattern.PLAYING);
        assertEquals(1, scheduler.pending(), "showing the same pattern again restarts nothing");
        led.show(StatusLed.Pattern.ERROR);
        assertEquals(StatusLed.Pattern.ERROR, led.pattern());
        assertEquals(1, scheduler.pending(), "the old pattern's timer is cancelled");
        assertEquals(List.of("0:on", "150:off", "300:on"), scheduler.timeline(310, pin()::isHigh));
        led.show(StatusLed.Pattern.OFF);
        assertFalse(pin().isHigh());
        assertEquals(0, scheduler.pending());
    }

    @Test
    void closingDarkensTheLedAndStopsTheTimers() {
        StatusLed led = new StatusLed(pi4j, 27, scheduler);
        led.show(StatusLed.Pattern.SYNCING);
        assertTrue(pin().isHigh());
        led.close();
        assertEquals(0, scheduler.pending());
        assertFalse(pi4j.registry().exists(StatusLed.PI4J_ID));
        scheduler.advance(1000);
    }

    @Test
    void everyPatternButOffBlinksSoAHungAgentShows() {
        for (StatusLed.Pattern p : StatusLed.Pattern.values()) {
            long[] steps = p.steps();
            if (p == StatusLed.Pattern.OFF) {
                assertEquals(0, steps.length);
            } else {
                assertTrue(steps.length >= 2 && steps.length % 2 == 0, p + " alternates on and off");
                assertTrue(p.period() <= 5000, p + " repeats within 5 s");
            }
        }
        assertEquals("off, playing, syncing, panel-off, error", StatusLed.Pattern.names());
    }
}
