package id.layar.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.render.Png;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preview command's arguments and its output for the pilot site (stills and a ticker, no video). */
class PreviewCommandTest {
    @TempDir
    Path tmp;

    @Test
    void badArgumentsExitTwoNamingTheOptionAndTheFix() {
        Path site = Fixtures.examplesSite(tmp);
        Path out = tmp.resolve("out");
        Cli date = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, date.run("preview", site, "--channel", "simpang-lima", "--date", "24-11-2026", "--out", out));
        assertTrue(date.err().contains("--date must be a date like 2026-11-24; found 24-11-2026"), date.err());
        Cli time = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, time.run("preview", site, "--channel", "simpang-lima", "--date", "2026-11-24",
                "--from", "25:00", "--out", out));
        assertTrue(time.err().contains("--from must be a time like 06:00 or 10:30:15; found 25:00"), time.err());
        Cli window = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, window.run("preview", site, "--channel", "simpang-lima", "--date", "2026-11-24",
                "--from", "22:00", "--to", "06:00", "--out", out));
        assertTrue(window.err().contains("--to (06:00) must be after --from (22:00)"), window.err());
        Cli channel = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, channel.run("preview", site, "--channel", "alun-alun", "--date", "2026-11-24", "--out", out));
        assertTrue(channel.err().contains("there is no channel alun-alun in pilot-kota; channels: simpang-lima, balai-kota"), channel.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void thePilotSitesMorningOnTheBalaiKotaScreen() throws Exception {
        Path site = Fixtures.examplesSite(tmp);
        Path out = tmp.resolve("pratinjau");
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("preview", site, "--channel", "balai-kota", "--date", "2026-11-24", "--from", "09:00",
                "--to", "09:05", "--at", "09:00:30", "--video-seconds", "0", "--out", out, "--cache", tmp.resolve("cache")), cli.err());
        assertTrue(cli.out().contains("Preview of balai-kota on 2026-11-24 written to " + out), cli.out());
        assertEquals(1280, Png.decode(Files.readAllBytes(out.resolve("frame-090030.png"))).width());
        assertTrue(Files.size(out.resolve("contact-sheet.png")) > 10_000);
        assertFalse(Files.exists(out.resolve("preview.mp4")), "--video-seconds 0: no video");
        assertFalse(Files.exists(tmp.resolve("cache")), "no video, nothing cached");
    }
}
