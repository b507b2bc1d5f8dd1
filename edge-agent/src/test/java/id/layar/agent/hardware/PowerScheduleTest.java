package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerScheduleTest {
    static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    static final ZoneId WITA = ZoneId.of("Asia/Makassar");

    static Instant at(String localDateTime, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), zone).toInstant();
    }

    private final PowerSchedule nightOff = new PowerSchedule(List.of(PowerSchedule.Window.parse("23:00-05:00")), WIB);

    @Test
    void windowCrossingMidnightIsOffOnBothSides() {
        assertTrue(nightOff.isOn(at("2025-03-01T22:59:59", WIB)));
        assertFalse(nightOff.isOn(at("2025-03-01T23:00:00", WIB)), "off from 23:00 inclusive");
        assertFalse(nightOff.isOn(at("2025-03-02T00:30:00", WIB)), "after midnight");
        assertFalse(nightOff.isOn(at("2025-03-02T04:59:59", WIB)));
        assertTrue(nightOff.isOn(at("2025-03-02T05:00:00", WIB)), "on again at 05:00");
        assertTrue(nightOff.isOn(at("2025-03-02T12:00:00", WIB)));
    }

    @Test
    void timesAreReadInTheChannelsZone() {
        // 23:30 in Makassar is 22:30 in Jakarta: off by the channel's zone, on by Jakarta's.
        Instant t = at("2025-03-01T23:30:00", WITA);
        assertFalse(nightOff.isOn(t, WITA));
        assertTrue(nightOff.isOn(t, WIB));
        assertFalse(nightOff.withZone(WITA).isOn(t));
    }

    @Test
    void windowWithinOneDayAndSeveralWindows() {
        PowerSchedule s = new PowerSchedule(List.of(PowerSchedule.Window.parse("01:00-05:00"),
                PowerSchedule.Window.parse("12:00-13:00")), WIB);
        assertTrue(s.isOn(at("2025-03-01T00:59:00", WIB)));
        assertFalse(s.isOn(at("2025-03-01T03:00:00", WIB)));
        assertFalse(s.isOn(at("2025-03-01T12:30:00", WIB)));
        assertTrue(s.isOn(at("2025-03-01T13:00:00", WIB)));
    }

    @Test
    void nextChangeIsTheNextSwitchEvenAcrossMidnight() {
        assertEquals(at("2025-03-01T23:00:00", WIB), nightOff.nextChange(at("2025-03-01T18:00:00", WIB), WIB));
        assertEquals(at("2025-03-02T05:00:00", WIB), nightOff.nextChange(at("2025-03-01T23:10:00", WIB), WIB));
        assertNull(PowerSchedule.alwaysOn(WIB).nextChange(Instant.EPOCH, WIB));
        // Overlapping windows: 22-02 and 01-05 keep it off from 22:00 to 05:00.
        PowerSchedule overlap = new PowerSchedule(List.of(PowerSchedule.Window.parse("22:00-02:00"),
                PowerSchedule.Window.parse("01:00-05:00")), WIB);
        assertEquals(at("2025-03-02T05:00:00", WIB), overlap.nextChange(at("2025-03-01T22:30:00", WIB), WIB));
    }

    @Test
    void windowsParseAndRefuseNonsense() {
        assertEquals(new PowerSchedule.Window(LocalTime.of(23, 0), LocalTime.MIDNIGHT), PowerSchedule.Window.parse("23:00-24:00"));
        assertEquals(new PowerSchedule.Window(LocalTime.of(5, 0), LocalTime.of(6, 30)), PowerSchedule.Window.parse(" 5:00 - 06:30 "));
        assertThrows(IllegalArgumentException.class, () -> PowerSchedule.Window.parse("23:00"));
        assertThrows(IllegalArgumentException.class, () -> PowerSchedule.Window.parse("25:00-05:00"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PowerSchedule.Window.parse("05:00-05:00"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }
}
