package id.layar.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process: exit codes, streams, languages. */
class MainTest {
    @TempDir
    Path tmp;

    private Path brokenSite() {
        Path site = Fixtures.examplesSite(tmp);
        Fixtures.write(site.resolve("announcements/cegah-dbd.yaml"), """
                title: Cegah DBD
                type: slide
                channels: [simpang-lima, alun-alun]
                text:
                  heading: Cegah DBD
                schedule:
                  hours: ["25:00-26:00"]
                """);
        return site;
    }

    @Test
    void validateOfTheExamplesPrintsOneOkLineAndExitsZero() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("validate", Fixtures.examplesSite(tmp)), cli.err());
        assertEquals("OK pilot-kota: 7 announcements, 2 channels" + System.lineSeparator(), cli.out());
        assertEquals("", cli.err());
    }

    @Test
    void validateOfABrokenSiteListsEveryProblemAndExitsTwo() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", brokenSite()));
        assertEquals(List.of(
                "pilot-kota/announcements/cegah-dbd.yaml:3:26: channels[1]: expected a channel id from site.yaml "
                        + "(simpang-lima, balai-kota), found \"alun-alun\"",
                "pilot-kota/announcements/cegah-dbd.yaml:7:11: schedule.hours[0]: expected times from 00:00 to 23:59 "
                        + "(the end is exclusive: \"22:00-00:00\" ends at midnight), found \"25:00-26:00\"",
                "2 problems in pilot-kota"), cli.out().lines().toList());
    }

    @Test
    void indonesianWithLangId() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate", brokenSite(), "--lang", "id"));
        List<String> lines = cli.out().lines().toList();
        assertEquals("pilot-kota/announcements/cegah-dbd.yaml:3:26: channels[1]: seharusnya id kanal dari site.yaml "
                + "(simpang-lima, balai-kota), ditemukan \"alun-alun\"", lines.get(0));
        assertEquals("2 masalah di pilot-kota", lines.get(2));

        Fixtures.write(tmp.resolve("pilot-kota/announcements/cegah-dbd.yaml"),
                "title: x\ntype: slide\nchannels: [simpang-lima]\ntext: {heading: x}\n");
        Cli ok2 = new Cli();
        assertEquals(ExitCodes.OK, ok2.run("--lang", "id", "validate", tmp.resolve("pilot-kota")));
        assertEquals("OK pilot-kota: 7 pengumuman, 2 kanal" + System.lineSeparator(), ok2.out());
    }

    @Test
    void languageFollowsTheSystemLocaleUnlessLangIsGiven() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("id-ID"));
            Cli indonesian = new Cli();
            indonesian.run("validate", brokenSite());
            assertTrue(indonesian.out().contains("2 masalah di pilot-kota"), indonesian.out());
            Cli english = new Cli();
            english.run("validate", tmp.resolve("pilot-kota"), "--lang", "en");
            assertTrue(english.out().contains("2 problems in pilot-kota"), english.out());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void badUsageExitsTwo() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("validate"));
        assertTrue(cli.err().contains("Missing required parameter: 'SITE'"), cli.err());
        assertEquals(ExitCodes.INVALID_INPUT, new Cli().run("build", tmp, "--keys", tmp));
        assertEquals(ExitCodes.INVALID_INPUT, new Cli().run("validate", tmp, "--lang", "fr"));
        assertEquals(ExitCodes.INVALID_INPUT, new Cli().run("frobnicate"));
    }

    @Test
    void buildPrintsEveryStepOnStderrAndTheSummaryOnStdout() throws Exception {
        Path site = Fixtures.examplesSite(tmp);
        Path keys = Fixtures.testKeys(tmp.resolve("keys"));
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("build", site, "--keys", keys, "--out", tmp.resolve("bundle")), cli.err());
        List<String> steps = cli.err().lines().filter(l -> l.startsWith("[")).toList();
        assertEquals(11, steps.size(), cli.err());
        // Columns line up: ids are padded to the longest (teks-berjalan-simpang-lima), types to "ticker".
        assertEquals("[ 2/11] simpang-lima  cegah-dbd                   slide  768x384 ... ok (N ms)",
                steps.get(1).replaceAll("\\(\\d+ ms\\)", "(N ms)"));
        assertEquals("[11/11] balai-kota    sukamaju-bersinar           image  1280x720 ... ok (N ms)",
                steps.get(10).replaceAll("\\(\\d+ ms\\)", "(N ms)"));
        List<String> out = cli.out().lines().toList();
        assertTrue(out.get(0).startsWith("Built " + tmp.resolve("bundle") + ": 11 blobs; root fingerprint "), out.get(0));
        assertEquals("  simpang-lima  version 1  6 items  expires 2026-12-24T03:00:00Z", out.get(1));
        assertEquals("  balai-kota    version 1  5 items  expires 2026-12-24T03:00:00Z", out.get(2));

        Cli again = new Cli();
        assertEquals(ExitCodes.OK, again.run("build", site, "--keys", keys, "--out", tmp.resolve("bundle"), "--expires-days", "7"));
        assertEquals("  simpang-lima  version 2  6 items  expires 2026-12-01T03:00:00Z", again.out().lines().toList().get(1));
    }

    @Test
    void buildOfABrokenSitePrintsTheSameProblemsAsValidateAndWritesNothing() {
        Path site = brokenSite();
        Cli validate = new Cli();
        validate.run("validate", site);
        Cli build = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, build.run("build", site, "--keys", Fixtures.testKeys(tmp.resolve("keys")),
                "--out", tmp.resolve("bundle")));
        assertEquals(validate.out(), build.out());
        assertTrue(build.err().contains("nothing was published: " + tmp.resolve("bundle") + " is as it was before this build"),
                build.err());
        assertFalse(Files.exists(tmp.resolve("bundle")));
    }

    @Test
    void missingKeysIsOneLineNamingTheFolderAndTheFix() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("build", Fixtures.examplesSite(tmp), "--keys", tmp.resolve("kunci"),
                "--out", tmp.resolve("bundle")));
        assertEquals("error: no keys folder at " + tmp.resolve("kunci") + "; create one with: content-packager keys init --dir "
                + tmp.resolve("kunci") + System.lineSeparator(), cli.err().substring(cli.err().indexOf("error:")));
        assertFalse(cli.err().contains("\tat "));
    }

    @Test
    void stacktraceIsShownOnlyWhenAskedFor() {
        Cli plain = new Cli();
        plain.run("build", Fixtures.examplesSite(tmp), "--keys", tmp.resolve("kunci"), "--out", tmp.resolve("b"));
        assertFalse(plain.err().contains("\tat "), plain.err());
        Cli traced = new Cli();
        traced.run("build", tmp.resolve("pilot-kota"), "--keys", tmp.resolve("kunci"), "--out", tmp.resolve("b"), "--stacktrace");
        assertTrue(traced.err().contains("PackagerException") && traced.err().contains("\tat "), traced.err());
    }

    @Test
    void ioFailureExitsSeventyFour() throws Exception {
        Fixtures.write(tmp.resolve("file.txt"), "not a folder");
        Cli cli = new Cli();
        assertEquals(ExitCodes.IO_ERROR, cli.run("build", Fixtures.examplesSite(tmp), "--keys",
                Fixtures.testKeys(tmp.resolve("keys")), "--out", tmp.resolve("file.txt/bundle")));
        assertTrue(cli.err().contains("error: "), cli.err());
        assertTrue(cli.err().contains("file.txt"), cli.err());
    }

    @Test
    void unexpectedExceptionIsInternalWithAHint() {
        Cli cli = new Cli();
        cli.run("validate", "--help"); // attaches streams
        assertEquals(ExitCodes.INTERNAL, Main.handle(cli.session, new IllegalStateException("boom")));
        assertTrue(cli.err().contains("internal error: java.lang.IllegalStateException: boom (this is a bug; run again with --stacktrace"),
                cli.err());
    }

    @Test
    void serveAnswersUntilStopped() throws Exception {
        Path bundle = tmp.resolve("bundle");
        Fixtures.write(bundle.resolve("root.json"), "{}");
        Cli cli = new Cli();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run("serve", bundle, "--port", "0", "--mqtt-port", "0"));
        Pattern url = Pattern.compile("Serving " + Pattern.quote(bundle.toString()) + " at (http://127\\.0\\.0\\.1:\\d+/)");
        Matcher m = url.matcher("");
        for (int i = 0; i < 200 && !(m = url.matcher(cli.out())).find(); i++) {
            Thread.sleep(50);
        }
        assertTrue(m.find(0), cli.out() + cli.err());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "root.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        cli.session.stopSignal().complete(null);
        assertEquals(ExitCodes.OK, exit.get(20, TimeUnit.SECONDS));
    }

    @Test
    void serveOfAMissingFolderIsAnIoError() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.IO_ERROR, cli.run("serve", tmp.resolve("nope"), "--port", "0"));
        assertTrue(cli.err().contains("nope"), cli.err());
    }
}
