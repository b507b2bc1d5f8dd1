package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PanelPowerTest {
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    private Context pi4j;

    @BeforeEach
    void pi4j() {
        pi4j = MockPi4j.context();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private DigitalOutput pin() {
        return pi4j.io(PowerRelay.PI4J_ID, DigitalOutput.class);
    }

    private final PowerSchedule schedule = new PowerSchedule(List.of(PowerSchedule.Window.parse("23:00-05:00")), WIB);

    @Test
    void activeLowRelayPullsThePinLowToPowerThePanelAndFollowsTheSchedule() {
        Instant evening = PowerScheduleTest.at("2025-03-01T22:00:00", WIB);
        PowerRelay relay = new PowerRelay(pi4j, 17, true, schedule.isOn(evening));
        PanelPower power = new PanelPower(schedule, relay, () -> null);
        assertEquals(DigitalState.LOW, pin().state(), "on at 22:00, and active-low means low");
        assertEquals(17, pin().address().intValue());

        PanelPower.Status s = power.apply(evening.plus(Duration.ofMinutes(61)));
        assertFalse(s.on());
        assertEquals("schedule", s.reason());
        assertEquals(DigitalState.HIGH, pin().state(), "off at 23:01: the pin goes high");
        assertFalse(power.shouldShow(evening.plus(Duration.ofHours(3))), "the player idles after midnight");
        assertEquals(PowerScheduleTest.at("2025-03-02T05:00:00", WIB), s.nextChange());

        power.apply(PowerScheduleTest.at("2025-03-02T05:00:00", WIB));
        assertEquals(DigitalState.LOW, pin().state(), "on again at 05:00");
        assertTrue(relay.isOn());
    }

    @Test
    void closingTheRelayReleasesThePinWithoutWritingIt() {
        // Whatever the kernel then does with the line (wiring.md, "When the agent is not running"), the agent must not
        // switch the panel itself on the way out: no Pi4J shutdown state.
        PowerRelay relay = new PowerRelay(pi4j, 17, true, true);
        DigitalOutput out = pin();
        assertEquals(DigitalState.LOW, out.state(), "on, active-low");
        relay.close();
        assertFalse(pi4j.registry().exists(PowerRelay.PI4J_ID), "released");
        assertEquals(DigitalState.LOW, out.state(), "the last level was not overwritten on release");
    }

    @Test
    void activeHighRelayDrivesThePinHighForOn() {
        new PowerRelay(pi4j, 22, false, true);
        assertEquals(DigitalState.HIGH, pin().state());
    }

    @Test
    void technicianOverrideBeatsTheScheduleUntilItEnds() {
        Instant night = PowerScheduleTest.at("2025-03-02T01:00:00", WIB);
        PowerRelay relay = new PowerRelay(pi4j, 17, true, false);
        PanelPower power = new PanelPower(schedule, relay, () -> null);
        power.override(true, night.plus(Duration.ofMinutes(30)));
        PanelPower.Status s = power.apply(night);
        assertTrue(s.on());
        assertEquals("override", s.reason());
        assertEquals(DigitalState.LOW, pin().state());
        assertFalse(power.apply(night.plus(Duration.ofMinutes(31))).on(), "back to the schedule when it ends");
        assertEquals(DigitalState.HIGH, pin().state());
    }

    @Test
    void anActiveTestPatternKeepsThePanelOnInOffHoursButATechniciansKeepOffWins() {
        Instant night = PowerScheduleTest.at("2025-03-02T01:00:00", WIB);
        PowerRelay relay = new PowerRelay(pi4j, 17, true, false);
        PanelPower power = new PanelPower(schedule, relay, () -> null);
        Instant[] patternUntil = {null};
        power.testPatternWhile(now -> patternUntil[0] != null && now.isBefore(patternUntil[0]));
        assertEquals(DigitalState.HIGH, pin().state(), "01:00 is off-hours");

        patternUntil[0] = night.plus(Duration.ofMinutes(10));
        PanelPower.Status s = power.apply(night);
        assertTrue(s.on());
        assertEquals("test-pattern", s.reason());
        assertEquals(DigitalState.LOW, pin().state(), "the relay powers the panel for the pattern");

        power.override(false, night.plus(Duration.ofMinutes(5)));
        s = power.apply(night.plus(Duration.ofMinutes(1)));
        assertFalse(s.on(), "a technician's keep off beats the pattern");
        assertEquals("override", s.reason());
        assertEquals(night.plus(Duration.ofMinutes(5)), power.keptOffUntil(night.plus(Duration.ofMinutes(1))));
        assertEquals(DigitalState.HIGH, pin().state());

        s = power.apply(night.plus(Duration.ofMinutes(6)));
        assertTrue(s.on(), "the keep off ran out and the pattern still runs");
        assertEquals(null, power.keptOffUntil(night.plus(Duration.ofMinutes(6))));

        s = power.apply(night.plus(Duration.ofMinutes(10)));
        assertFalse(s.on(), "the pattern's end hands the panel back to the schedule");
        assertEquals("schedule", s.reason());
        assertEquals(DigitalState.HIGH, pin().state());

        patternUntil[0] = PowerScheduleTest.at("2025-03-02T12:00:00", WIB);
        assertEquals("schedule", power.status(PowerScheduleTest.at("2025-03-02T11:00:00", WIB)).reason(),
                "by day the pattern is not why the panel is on");
    }

    @Test
    void scheduleFollowsTheChannelsZoneOnceAPlaylistGivesIt() {
        ZoneId[] channelZone = {null};
        PanelPower power = new PanelPower(schedule, null, () -> channelZone[0]);
        Instant t = PowerScheduleTest.at("2025-03-01T22:30:00", WIB); // 23:30 in Makassar
        assertTrue(power.shouldShow(t), "before any playlist: the config's zone (WIB)");
        channelZone[0] = ZoneId.of("Asia/Makassar");
        assertFalse(power.shouldShow(t), "the playlist's zone (WITA)");
        assertFalse(power.status(t).relay());
    }
}
