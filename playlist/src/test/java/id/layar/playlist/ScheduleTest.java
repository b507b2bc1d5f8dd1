package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    private static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final ZoneId WIT = ZoneId.of("Asia/Jayapura");
    private static final Rules ALWAYS = Rules.ALWAYS;

    private static Item item(String id, Priority p, long ms, Rules rules) {
        String hex = String.format("%064x", id.hashCode() & 0xffffffffL);
        return new Item(id, id, ItemKind.STILL, new BlobRef(hex, 10, "image/png"), ms, p, rules, 0);
    }

    private static Playlist playlist(ZoneId zone, Item... items) {
        return new Playlist("simpang-lima", 1, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z"),
                zone, new Panel(64, 32, 10), List.of(items));
    }

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    private static Rules hours(Set<DayOfWeek> days, String... windows) {
        List<TimeWindow> w = new ArrayList<>();
        for (String s : windows) {
            w.add(TimeWindow.parse(s));
        }
        return new Rules(null, null, days, w);
    }

    private static String playing(Playlist p, String local) {
        Item i = Schedule.at(p, at(local, p.timezone())).item();
        return i == null ? null : i.id();
    }

    @Test
    void overnightWindowBelongsToTheDayItStarts() {
        // 2026-11-27 is a Friday.
        Playlist p = playlist(WIB, item("malam", Priority.NORMAL, 10_000, hours(EnumSet.of(DayOfWeek.FRIDAY), "22:00-02:00")));
        assertEquals("malam", playing(p, "2026-11-27T22:00:00"));
        assertEquals("malam", playing(p, "2026-11-28T01:59:59"));
        assertNull(playing(p, "2026-11-28T02:00:00"));
        assertNull(playing(p, "2026-11-27T21:59:59"));
        assertNull(playing(p, "2026-11-27T01:00:00"), "Friday 01:00 belongs to Thursday's window, and Thursday is not listed");
        assertNull(playing(p, "2026-11-28T23:00:00"), "Saturday night is not listed");
    }

    @Test
    void dayOfWeekEdgesAreMidnightInTheChannelZone() {
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        Playlist p = playlist(WIB, item("kerja", Priority.NORMAL, 10_000, new Rules(null, null, weekdays, List.of())));
        assertEquals("kerja", playing(p, "2026-11-27T23:59:59")); // Friday
        assertNull(playing(p, "2026-11-28T00:00:00")); // Saturday
        assertNull(playing(p, "2026-11-29T23:59:59")); // Sunday
        assertEquals("kerja", playing(p, "2026-11-30T00:00:00")); // Monday
    }

    @Test
    void dateRangeIsInclusiveOnBothEnds() {
        Rules november = new Rules(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), Set.of(), List.of());
        Playlist p = playlist(WIB, item("nov", Priority.NORMAL, 10_000, november));
        assertNull(playing(p, "2026-10-31T23:59:59"));
        assertEquals("nov", playing(p, "2026-11-01T00:00:00"));
        assertEquals("nov", playing(p, "2026-11-30T23:59:59"));
        assertNull(playing(p, "2026-12-01T00:00:00"));
    }

    @Test
    void emergencyPreemptsAtTheMomentItsWindowOpens() {
        Playlist p = playlist(WIB,
                item("biasa", Priority.NORMAL, 60_000, ALWAYS),
                item("banjir", Priority.EMERGENCY, 10_000, hours(Set.of(), "10:00-11:00")));
        Instant before = at("2026-11-24T09:59:30", WIB);
        Schedule.NowPlaying now = Schedule.at(p, before);
        assertEquals("biasa", now.item().id());
        assertEquals(at("2026-11-24T10:00:00", WIB), now.until(), "the answer must be re-asked when the emergency window opens");
        assertEquals("banjir", Schedule.at(p, now.until()).item().id());
        assertEquals("banjir", playing(p, "2026-11-24T10:59:59"));
        assertEquals("biasa", playing(p, "2026-11-24T11:00:00"));
    }

    @Test
    void highPriorityPlaysInsteadOfNormal() {
        Playlist p = playlist(WIB, item("biasa", Priority.NORMAL, 10_000, ALWAYS), item("penting", Priority.HIGH, 10_000, hours(Set.of(), "08:00-09:00")));
        assertEquals("penting", playing(p, "2026-11-24T08:30:00"));
        assertEquals("biasa", playing(p, "2026-11-24T09:30:00"));
    }

    @Test
    void fillerPlaysOnlyWhenNothingElseMay() {
        Playlist p = playlist(WIB,
                item("logo", Priority.FILLER, 10_000, ALWAYS),
                item("siang", Priority.NORMAL, 10_000, hours(Set.of(), "06:00-18:00")));
        for (int s = 0; s < 120; s += 7) {
            assertEquals("siang", playing(p, String.format("2026-11-24T12:00:%02d", s % 60)));
        }
        assertEquals("logo", playing(p, "2026-11-24T19:00:00"));
        assertEquals("logo", playing(p, "2026-11-24T05:59:59"));
    }

    @Test
    void nothingEligibleMeansBlackUntilTheNextWindow() {
        Playlist p = playlist(WIB, item("pagi", Priority.NORMAL, 10_000, hours(Set.of(), "06:00-09:00")));
        Schedule.NowPlaying now = Schedule.at(p, at("2026-11-24T03:00:00", WIB));
        assertNull(now.item());
        assertEquals(at("2026-11-24T06:00:00", WIB), now.until());
    }

    @Test
    void threeIndonesianTimeZonesReadTheSameHoursLocally() {
        Instant instant = Instant.parse("2026-11-24T14:30:00Z"); // 21:30 WIB, 22:30 WITA, 23:30 WIT
        Item lateShow = item("malam", Priority.NORMAL, 10_000, hours(Set.of(), "22:00-23:00"));
        assertNull(Schedule.at(playlist(WIB, lateShow), instant).item());
        assertEquals("malam", Schedule.at(playlist(WITA, lateShow), instant).item().id());
        assertNull(Schedule.at(playlist(WIT, lateShow), instant).item());
    }

    @Test
    void loopPositionFollowsWallClockSoTwoWallsAgree() {
        Item a = item("a", Priority.NORMAL, 10_000, ALWAYS);
        Item b = item("b", Priority.NORMAL, 5_000, ALWAYS);
        Item c = item("c", Priority.NORMAL, 15_000, ALWAYS);
        Playlist wall1 = playlist(WIB, a, b, c);
        // The second wall decodes its own copy of the same signed bytes.
        Playlist wall2 = PlaylistCodec.decode(PlaylistCodec.encode(wall1));
        Instant t0 = Instant.ofEpochMilli(30_000L * 1_000_000); // a loop boundary (loop = 30 s)
        for (long ms = 0; ms < 90_000; ms += 250) {
            Instant t = t0.plusMillis(ms);
            Schedule.NowPlaying one = Schedule.at(wall1, t);
            Schedule.NowPlaying two = Schedule.at(wall2, t);
            assertEquals(one.item().id(), two.item().id());
            assertEquals(one.slotStart(), two.slotStart());
            long inLoop = ms % 30_000;
            String expected = inLoop < 10_000 ? "a" : inLoop < 15_000 ? "b" : "c";
            assertEquals(expected, one.item().id(), "at +" + ms + " ms");
        }
        Schedule.NowPlaying b1 = Schedule.at(wall1, t0.plusMillis(12_345));
        assertEquals(t0.plusMillis(10_000), b1.slotStart());
        assertEquals(t0.plusMillis(15_000), b1.slotEnd());
        assertEquals(2_345, b1.millisIntoItem(t0.plusMillis(12_345)));
    }

    @Test
    void slotsFollowEachOtherWithoutGapsOrOverlaps() {
        Playlist p = playlist(WIB, item("a", Priority.NORMAL, 7_000, ALWAYS), item("b", Priority.NORMAL, 3_000, ALWAYS));
        Instant t = Instant.parse("2026-11-24T00:00:01.234Z");
        Schedule.NowPlaying prev = Schedule.at(p, t);
        for (int n = 0; n < 50; n++) {
            Schedule.NowPlaying next = Schedule.at(p, prev.until());
            assertEquals(prev.until(), next.slotStart(), "slot " + n);
            assertFalse(next.item().id().equals(prev.item().id()) && next.slotStart().equals(prev.slotStart()));
            prev = next;
        }
        assertTrue(prev.until().isAfter(t));
    }

    @Test
    void windowEndIsExclusiveAndStartInclusive() {
        Playlist p = playlist(WIB, item("x", Priority.NORMAL, 10_000, hours(Set.of(), "06:00-22:00")));
        assertEquals("x", playing(p, "2026-11-24T06:00:00"));
        assertEquals("x", playing(p, "2026-11-24T21:59:59"));
        assertNull(playing(p, "2026-11-24T22:00:00"));
    }
}
