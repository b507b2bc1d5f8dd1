package id.layar.packager.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Fixtures;
import id.layar.playlist.Priority;
import id.layar.playlist.TimeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteLoaderTest {
    @TempDir
    Path tmp;
    Path site;

    @BeforeEach
    void copyExamples() {
        site = Fixtures.examplesSite(tmp);
    }

    private void announcement(String name, String yaml) {
        Fixtures.write(site.resolve("announcements").resolve(name), yaml);
    }

    private List<String> problems() {
        return SiteLoader.load(site).problems().stream().map(Problem::toString).toList();
    }

    /** The one problem reported, which must be exactly {@code expected}. */
    private void assertOnlyProblem(String expected) {
        assertEquals(List.of(expected), problems());
    }

    private static final String SLIDE_HEAD = """
            title: Test
            type: slide
            channels: [simpang-lima]
            text:
              heading: Tes
            """;

    @Test
    void examplesSiteIsValid() {
        SiteLoader.Result r = SiteLoader.load(site);
        assertEquals(List.of(), r.problems());
        assertEquals(7, r.announcements());
        assertEquals(2, r.channels());
        Site s = r.site();
        assertEquals("Diskominfo Kota Sukamaju", s.name());
        assertEquals(List.of("simpang-lima", "balai-kota"), s.channels().stream().map(Channel::id).toList());
        // File-name order is the loop order.
        assertEquals(List.of("akta-kelahiran-online", "car-free-day", "cegah-dbd", "keamanan-malam", "lapor-sukamaju",
                "sukamaju-bersinar", "teks-berjalan-simpang-lima"), s.announcements().stream().map(Announcement::id).toList());
    }

    @Test
    void examplesAreReadAsWritten() {
        Site s = SiteLoader.load(site).site();
        Announcement akta = s.announcements().get(0);
        assertEquals(12_000, akta.durationMs());
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
                akta.rules().days());
        assertEquals(LocalDate.of(2026, 11, 1), akta.rules().from());
        assertEquals(LocalDate.of(2027, 12, 31), akta.rules().until());
        Announcement malam = s.announcements().get(3);
        assertEquals(List.of(new TimeWindow(LocalTime.of(22, 0), LocalTime.of(5, 0))), malam.rules().windows());
        assertEquals(Priority.FILLER, s.announcements().get(5).priority());
        Content.Ticker ticker = (Content.Ticker) s.announcements().get(6).content();
        assertEquals(120, ticker.speed());
        assertEquals(0, s.announcements().get(6).durationMs());
        Content.Slide dbd = (Content.Slide) s.announcements().get(2).content();
        assertEquals(0x0b5d1e, dbd.style().background());
    }

    @Test
    void malformedYamlIsReportedWithItsPosition() {
        announcement("cegah-dbd.yaml", """
                title: Cegah DBD
                type: slide
                  channels: [simpang-lima]
                """);
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:3:11: yaml: expected valid YAML, "
                + "found a syntax error: mapping values are not allowed here");
    }

    @Test
    void unclosedListIsReportedWhereTheParserGaveUp() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD.replace("[simpang-lima]", "[simpang-lima"));
        List<String> p = problems();
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("pilot-kota/announcements/cegah-dbd.yaml:4:"), p.get(0));
        assertTrue(p.get(0).contains("yaml: expected valid YAML, found a syntax error"), p.get(0));
    }

    @Test
    void missingMediaFileIsReportedAtTheImageField() {
        Fixtures.write(site.resolve("announcements/akta-kelahiran-online.yaml"), """
                # comment
                title: Akta
                type: image
                channels: [balai-kota]
                image: media/hilang.png
                """);
        assertOnlyProblem("pilot-kota/announcements/akta-kelahiran-online.yaml:5:8: image: expected an existing file "
                + "(paths are relative to the site folder pilot-kota), found \"media/hilang.png\", which does not exist");
    }

    @Test
    void mediaPathMayNotEscapeTheSite() throws IOException {
        Files.copy(site.resolve("media/akta-online.png"), tmp.resolve("outside.png"));
        announcement("akta-kelahiran-online.yaml", """
                title: Akta
                type: image
                channels: [balai-kota]
                image: media/../../outside.png
                """);
        assertOnlyProblem("pilot-kota/announcements/akta-kelahiran-online.yaml:4:8: image: expected a path that stays "
                + "inside the site folder (no .., no links out of it), found \"media/../../outside.png\"");
    }

    @Test
    void mediaMustBePngOrJpeg() {
        Fixtures.write(site.resolve("media/poster.png"), "<html>not an image</html>");
        announcement("akta-kelahiran-online.yaml", """
                title: Akta
                type: image
                channels: [balai-kota]
                image: media/poster.png
                """);
        assertOnlyProblem("pilot-kota/announcements/akta-kelahiran-online.yaml:4:8: image: expected a PNG or JPEG image, "
                + "found a file starting with bytes 3C 68 74 6D 6C 3E 6E 6F (neither PNG nor JPEG)");
    }

    @Test
    void hourOutOfRangeIsReportedAtTheWindow() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD + """
                schedule:
                  hours: ["25:00-26:00"]
                """);
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:7:11: schedule.hours[0]: expected times from 00:00 "
                + "to 23:59 (the end is exclusive: \"22:00-00:00\" ends at midnight), found \"25:00-26:00\"");
    }

    @Test
    void windowWithEqualStartAndEndIsReported() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD + """
                schedule:
                  hours:
                    - "06:00-09:00"
                    - "08:00-08:00"
                """);
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:9:7: schedule.hours[1]: expected a window whose start "
                + "and end differ (omit hours to play all day), found \"08:00-08:00\"");
    }

    @Test
    void unknownFieldIsReportedNamingTheAllowedOnes() {
        announcement("cegah-dbd.yaml", """
                title: Test
                type: slide
                chanels: [simpang-lima]
                text:
                  heading: Tes
                """);
        assertEquals(List.of(
                "pilot-kota/announcements/cegah-dbd.yaml:1:1: channels: expected a list of channel ids from site.yaml, "
                        + "like [simpang-lima, balai-kota], found nothing (the field is missing)",
                "pilot-kota/announcements/cegah-dbd.yaml:3:1: chanels: expected one of the fields of a slide: id, title, "
                        + "type, channels, priority, duration, schedule, text, style, found an unknown field \"chanels\" "
                        + "(did you mean channels?)"), problems());
    }

    @Test
    void unknownChannelIsReportedAtTheListEntry() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD.replace("[simpang-lima]", "[simpang-lima, alun-alun]"));
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:3:26: channels[1]: expected a channel id from site.yaml "
                + "(simpang-lima, balai-kota), found \"alun-alun\"");
    }

    @Test
    void unquotedTimesAndDatesStayText() {
        // YAML 1.1 would read 06:00-09:00 as text but 10:30 as 630 and 2026-11-01 as a Date; we read text only.
        announcement("cegah-dbd.yaml", SLIDE_HEAD + """
                schedule:
                  from: 2026-11-01
                  until: 2026-11-30
                  days: [Senin, FRI]
                  hours: [06:00-09:00, 22:00-02:00]
                """);
        SiteLoader.Result r = SiteLoader.load(site);
        assertEquals(List.of(), r.problems());
        Announcement a = r.site().announcements().stream().filter(x -> x.id().equals("cegah-dbd")).findFirst().orElseThrow();
        assertEquals(List.of(TimeWindow.parse("06:00-09:00"), TimeWindow.parse("22:00-02:00")), a.rules().windows());
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), a.rules().days());
    }

    @Test
    void startStyleUnquotedTimeIsShownAsWrittenNotAsMinutes() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD + """
                schedule:
                  start: 10:30
                  hours: [10:30]
                """);
        assertEquals(List.of(
                "pilot-kota/announcements/cegah-dbd.yaml:7:3: schedule.start: expected one of the fields from, until, "
                        + "days, hours, found an unknown field \"start\"",
                "pilot-kota/announcements/cegah-dbd.yaml:8:11: schedule.hours[0]: expected a window \"HH:MM-HH:MM\", "
                        + "like \"06:00-09:00\", found \"10:30\""), problems());
    }

    @Test
    void noAndOnStayText() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD + """
                schedule:
                  days: [no, on]
                """);
        List<String> p = problems();
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).endsWith("schedule.days[0]: expected a day: senin, selasa, rabu, kamis, jumat, sabtu, minggu "
                + "or mon, tue, wed, thu, fri, sat, sun, found \"no\""), p.get(0));
    }

    @Test
    void tickerWithDurationIsTold() {
        announcement("teks-berjalan-simpang-lima.yaml", """
                title: Teks
                type: ticker
                channels: [simpang-lima]
                text: Halo
                duration: 10s
                """);
        assertOnlyProblem("pilot-kota/announcements/teks-berjalan-simpang-lima.yaml:5:11: duration: expected no duration "
                + "(tickers take their time from the text length and speed; remove duration), found \"10s\"");
    }

    @Test
    void durationFormsAndLimits() {
        assertEquals(10L, SiteLoader.seconds("10s"));
        assertEquals(90L, SiteLoader.seconds("1m30s"));
        assertEquals(120L, SiteLoader.seconds("2m"));
        assertEquals(45L, SiteLoader.seconds("45"));
        assertNull(SiteLoader.seconds("1h"));
        assertNull(SiteLoader.seconds("1.5s"));
        assertNull(SiteLoader.seconds(""));
        announcement("cegah-dbd.yaml", SLIDE_HEAD + "duration: 3601\n");
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:6:11: duration: expected 1 to 3600 seconds (1 hour), "
                + "found 3601 seconds");
    }

    @Test
    void unquotedColourIsACommentAndIsReported() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD + """
                style:
                  background: #0b5d1e
                """);
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:7:14: style.background: expected a colour in quotes, "
                + "like \"#0b5d1e\" (# and 6 hex digits), found nothing (an unquoted # starts a comment: write \"#rrggbb\" in quotes)");
    }

    @Test
    void duplicateKeysAndDuplicateIdsAreReported() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD + "title: Lagi\n");
        announcement("zz-copy.yaml", SLIDE_HEAD + "id: lapor-sukamaju\n");
        assertEquals(List.of(
                "pilot-kota/announcements/cegah-dbd.yaml:6:1: title: expected each field once, found \"title\" again (first on line 1)",
                "pilot-kota/announcements/zz-copy.yaml:6:5: id: expected an id used by one file only (set id: or rename the file), "
                        + "found \"lapor-sukamaju\", already used by pilot-kota/announcements/lapor-sukamaju.yaml"), problems());
    }

    @Test
    void siteYamlChannelsAreChecked() {
        Fixtures.write(site.resolve("site.yaml"), """
                site: Kota
                channels:
                  Simpang_Lima:
                    width: 768
                  balai-kota:
                    width: 99999999999999999999
                    height: 720
                    fps: 0
                    timezone: WITA
                """);
        List<String> p = problems();
        assertEquals(List.of(
                "pilot-kota/site.yaml:3:3: channels.Simpang_Lima: expected a channel id: lower-case letters, digits and \"-\" "
                        + "(1-40, starting with a letter or digit), found \"Simpang_Lima\"",
                "pilot-kota/site.yaml:6:12: channels.balai-kota.width: expected a whole number from 16 to 7680, found 99999999999999999999",
                "pilot-kota/site.yaml:8:10: channels.balai-kota.fps: expected a whole number from 1 to 60, found 0",
                "pilot-kota/site.yaml:9:15: channels.balai-kota.timezone: expected an IANA time zone like Asia/Jakarta (WIB), "
                        + "Asia/Makassar (WITA) or Asia/Jayapura (WIT), found \"WITA\" (write Asia/Makassar)"),
                p.subList(0, 4));
        // Announcements naming simpang-lima are now unknown-channel problems too; balai-kota is known (only its fields are bad).
        assertTrue(p.stream().anyMatch(s -> s.contains("found \"simpang-lima\"")), p.toString());
        assertFalse(p.stream().anyMatch(s -> s.contains("found \"balai-kota\"")), p.toString());
    }

    @Test
    void severalProblemsInSeveralFilesAreAllReportedInReadingOrder() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD.replace("[simpang-lima]", "[simpang-lima, alun-alun]") + """
                priority: urgent
                schedule:
                  hours: ["25:00-26:00", "08:00-08:00"]
                """);
        announcement("akta-kelahiran-online.yaml", """
                title: Akta
                type: image
                channels: [balai-kota]
                image: media/hilang.png
                fit: zoom
                """);
        Fixtures.write(site.resolve("site.yaml"), "channels:\n  simpang-lima: {width: 768, height: 384, fps: 30, timezone: Asia/Jakarta}\n"
                + "  balai-kota: {width: 1280, height: 720, fps: 90, timezone: Asia/Jakarta}\n");
        List<String> p = problems();
        assertEquals(List.of(
                "pilot-kota/site.yaml:3:47",
                "pilot-kota/announcements/akta-kelahiran-online.yaml:4:8",
                "pilot-kota/announcements/akta-kelahiran-online.yaml:5:6",
                "pilot-kota/announcements/cegah-dbd.yaml:3:26",
                "pilot-kota/announcements/cegah-dbd.yaml:6:11",
                "pilot-kota/announcements/cegah-dbd.yaml:8:11",
                "pilot-kota/announcements/cegah-dbd.yaml:8:26"),
                p.stream().map(s -> s.substring(0, s.indexOf(": "))).toList(), p.toString());
    }

    @Test
    void numberFormatTrapIsAProblemNotACrash() {
        announcement("cegah-dbd.yaml", SLIDE_HEAD + "v: 11111111111111111111:2\nduration: 99999999999999999999\n");
        List<String> p = problems();
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("pilot-kota/announcements/cegah-dbd.yaml:6:1: v: expected one of the fields"), p.get(0));
        assertTrue(p.get(1).startsWith("pilot-kota/announcements/cegah-dbd.yaml:7:11: duration: expected a duration"), p.get(1));
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        announcement("cegah-dbd.yaml", y.toString());
        List<String> p = problems();
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("yaml: expected valid YAML"), p.get(0));
    }

    @Test
    void fileNameMustMakeAValidIdAndYmlIsPointedOut() throws IOException {
        Files.move(site.resolve("announcements/cegah-dbd.yaml"), site.resolve("announcements/Cegah DBD.yaml"));
        Files.copy(site.resolve("announcements/lapor-sukamaju.yaml"), site.resolve("announcements/lapor-lagi.yml"));
        assertEquals(List.of(
                "pilot-kota/announcements/Cegah DBD.yaml: id: expected a file name that makes a valid id (lower-case letters, "
                        + "digits and \"-\", 1-64) or an id: field, found \"Cegah DBD\"",
                "pilot-kota/announcements/lapor-lagi.yml: file: expected a name ending in .yaml (only announcements/*.yaml "
                        + "are read; rename the file), found \"lapor-lagi.yml\""), problems());
    }

    @Test
    void aVideoNeedsAnExistingFileInsideTheSite() {
        announcement("cegah-dbd.yaml", "title: Video\ntype: video\nchannels: [balai-kota]\n");
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:1:1: video: expected a path inside the site folder, "
                + "like media/iklan.mp4, found nothing (the field is missing)");
        announcement("cegah-dbd.yaml", "title: Video\ntype: video\nchannels: [balai-kota]\nvideo: media/iklan.mp4\nfit: zoom\n");
        assertEquals(List.of(
                "pilot-kota/announcements/cegah-dbd.yaml:4:8: video: expected an existing file (paths are relative to the "
                        + "site folder pilot-kota), found \"media/iklan.mp4\", which does not exist",
                "pilot-kota/announcements/cegah-dbd.yaml:5:6: fit: expected one of fit, fill, stretch, found \"zoom\""), problems());
        announcement("cegah-dbd.yaml", "title: Video\ntype: video\nchannels: [balai-kota]\nvideo: ../luar.mp4\n");
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:4:8: video: expected a path that stays inside the site "
                + "folder (no .., no links out of it), found \"../luar.mp4\"");
    }

    @Test
    void anUnknownTypeListsEveryType() {
        announcement("cegah-dbd.yaml", "title: Film\ntype: film\nchannels: [balai-kota]\n");
        assertOnlyProblem("pilot-kota/announcements/cegah-dbd.yaml:2:7: type: expected one of slide, image, video, ticker, "
                + "clock, found \"film\"");
    }

    @Test
    void aClockTakesAStyleAndTheDefaultDuration() {
        announcement("jam.yaml", "title: Jam\ntype: clock\nchannels: [balai-kota]\nstyle: { background: \"#000000\", accent: \"#00ff00\" }\n");
        Announcement jam = SiteLoader.load(site).site().announcements().stream().filter(a -> a.id().equals("jam")).findFirst().orElseThrow();
        assertEquals(10_000, jam.durationMs());
        assertEquals(new id.layar.render.SlideStyle(0x000000, 0xFFFFFF, 0x00FF00), ((Content.Clock) jam.content()).style());
        announcement("jam.yaml", "title: Jam\ntype: clock\nchannels: [balai-kota]\nstyle: { color: merah }\n");
        assertOnlyProblem("pilot-kota/announcements/jam.yaml:4:17: style.color: expected a colour in quotes, like \"#0b5d1e\" "
                + "(# and 6 hex digits), found \"merah\"");
    }

    @Test
    void channelPowerOffHoursAreReadAndABadOneIsNamed() throws IOException {
        Path file = site.resolve("site.yaml");
        Files.writeString(file, Files.readString(file).replace("    timezone: Asia/Jakarta\n  balai-kota:",
                "    timezone: Asia/Jakarta\n    power-off: [\"23:00-05:00\", \"24:00-25:00\"]\n  balai-kota:"));
        List<String> p = problems();
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("channels.simpang-lima.power-off[1]: "), p.get(0));
        Files.writeString(file, Files.readString(file).replace(", \"24:00-25:00\"", ""));
        SiteLoader.Result r = SiteLoader.load(site);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(id.layar.playlist.TimeWindow.parse("23:00-05:00")),
                r.site().channel("simpang-lima").orElseThrow().powerOff());
        assertEquals(List.of(), r.site().channel("balai-kota").orElseThrow().powerOff());
    }

    @Test
    void channelAudioIsTrueOrFalse() throws IOException {
        Path file = site.resolve("site.yaml");
        Files.writeString(file, Files.readString(file).replace("    timezone: Asia/Jakarta\n  balai-kota:",
                "    timezone: Asia/Jakarta\n    audio: ya\n  balai-kota:"));
        List<String> p = problems();
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).endsWith("channels.simpang-lima.audio: expected true or false, found \"ya\""), p.get(0));
        Files.writeString(file, Files.readString(file).replace("audio: ya", "audio: true"));
        SiteLoader.Result r = SiteLoader.load(site);
        assertEquals(List.of(), r.problems());
        assertTrue(r.site().channel("simpang-lima").orElseThrow().audio());
        assertFalse(r.site().channel("balai-kota").orElseThrow().audio());
    }

    @Test
    void missingSiteFolderIsAnError() {
        id.layar.packager.PackagerException e = org.junit.jupiter.api.Assertions.assertThrows(
                id.layar.packager.PackagerException.class, () -> SiteLoader.load(tmp.resolve("nope")));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains("no site folder"), e.getMessage());
    }
}
