package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playlist's optional {@code power.off} hours: the channel's panels are switched off then. */
class PowerOffCodecTest {
    private static Playlist playlist(List<TimeWindow> off) {
        return new Playlist("simpang-lima", 3, Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-12-24T00:00:00Z"),
                ZoneId.of("Asia/Jakarta"), new Panel(64, 32, 30), List.of(), off);
    }

    @Test
    void powerOffHoursRoundTripAndAreSigned() {
        Playlist p = playlist(List.of(TimeWindow.parse("23:00-05:00"), TimeWindow.parse("12:00-13:00")));
        byte[] bytes = PlaylistCodec.encode(p);
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\"power\":{\"off\":[\"23:00-05:00\",\"12:00-13:00\"]}"));
        assertEquals(p, PlaylistCodec.decode(bytes));
    }

    @Test
    void withoutPowerOffTheBytesAreAsBefore() {
        byte[] bytes = PlaylistCodec.encode(playlist(List.of()));
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("power"), "no key: golden vectors keep their bytes");
        assertEquals(List.of(), PlaylistCodec.decode(bytes).powerOff());
    }

    @Test
    void aMalformedWindowNamesItsPlace() {
        String json = new String(PlaylistCodec.encode(playlist(List.of())), StandardCharsets.UTF_8)
                .replace("\"panel\":", "\"power\":{\"off\":[\"23:00-05:00\",\"25:00-26:00\"]},\"panel\":");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlaylistCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("power.off[1]: "), e.getMessage());
    }
}
