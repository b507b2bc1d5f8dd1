package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.testing.TestKeys;
import id.layar.render.Frame;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The two ways to put a test pattern on the wall from the console, run in-process: {@code edge-agent test-pattern
 * KIND --for D} against a running agent's technician API (on a free port, with its token), and {@code edge-agent run
 * --test-pattern KIND --test-pattern-for D}, which starts the agent showing it. Both must select the pattern and the
 * time asked for, and refuse a name they do not know by listing the ones they do.
 */
@ExtendWith(VertxExtension.class)
class TestPatternCliTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String KINDS = "red, green, blue, white, grid, gradient, moving-bar";
    private final byte[] red = Bundles.png(Bundles.RED);
    private Harness h;
    private Main.Run.Running running;

    @AfterEach
    void tearDown() throws Exception {
        if (running != null) {
            running.close();
        }
        if (h != null) {
            h.close();
        }
    }

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    /** An agent.yaml as provision writes it, for the API on {@code port}. */
    private static Path agentYaml(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("root.json"), TestKeys.rootEnvelope());
        Path yaml = dir.resolve("agent.yaml");
        Files.writeString(yaml, """
                device: test-wall-01
                channel: %s
                origin: http://127.0.0.1:9/
                root: root.json
                state: state
                panel: {width: %d, height: %d}
                api: {port: %d, token: %s}
                """.formatted(Bundles.CHANNEL, Bundles.W, Bundles.H, port, TOKEN));
        return yaml;
    }

    /** A running agent with the red content, its API on a free port behind {@link #TOKEN}, and a config naming it. */
    private Path runningAgent(Vertx vertx, Path dir) throws Exception {
        h = new Harness(vertx, dir.resolve("agent"));
        h.tweak = c -> c.withApiToken(TOKEN);
        h.bearer = TOKEN;
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "the content");
        return agentYaml(dir.resolve("console"), h.agent.apiPort());
    }

    // ---- edge-agent test-pattern ----

    @Test
    void testPatternCommandShowsTheNamedPatternOnTheRunningAgentForTheTimeGiven(Vertx vertx, @TempDir Path dir) throws Exception {
        Path yaml = runningAgent(vertx, dir);

        CliRun r = cli("test-pattern", "blue", "--for", "90s", "--config", yaml.toString(), "--lang", "en");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("Test pattern blue is on the wall for 90s."), r.out());
        JsonObject p = h.httpStatus().getJsonObject("testPattern");
        assertNotNull(p, "status names the pattern");
        assertEquals("blue", p.getString("kind"));
        assertEquals(TestKeys.NOW.plusSeconds(90).toString(), p.getString("until"), "90 s from the agent's time");
        h.awaitPanel(Bundles.solid(0x0000FF), "the blue pattern");

        r = cli("test-pattern", "green", "--config", yaml.toString(), "--lang", "en");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("until you run: edge-agent test-pattern off"), r.out());
        p = h.httpStatus().getJsonObject("testPattern");
        assertEquals("green", p.getString("kind"), "a new pattern replaces the old one");
        assertNull(p.getValue("until"), "without --for: until cleared");
        h.awaitPanel(Bundles.solid(0x00FF00), "the green pattern");

        r = cli("test-pattern", "off", "--config", yaml.toString(), "--lang", "id");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("Kembali ke konten."), r.out());
        assertNull(h.httpStatus().getValue("testPattern"));
        h.awaitPanel(Bundles.solid(Bundles.RED), "the content again");
    }

    @Test
    void testPatternCommandRefusesAnUnknownPatternOrDurationNamingWhatItTakes(Vertx vertx, @TempDir Path dir) throws Exception {
        Path yaml = runningAgent(vertx, dir);

        CliRun r = cli("test-pattern", "sparkle", "--config", yaml.toString(), "--lang", "en");
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("Cannot show test pattern sparkle") && r.err().contains(KINDS + ", or off"), r.err());

        r = cli("test-pattern", "sparkle", "--config", yaml.toString(), "--lang", "id");
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("pilih salah satu dari " + KINDS), r.err());

        r = cli("test-pattern", "grid", "--for", "25h", "--config", yaml.toString(), "--lang", "en");
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("up to 24h"), r.err());

        assertNull(h.httpStatus().getValue("testPattern"), "nothing reached the agent");
    }

    @Test
    void testPatternCommandSaysWhenNoAgentAnswers(@TempDir Path dir) throws Exception {
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            free = s.getLocalPort();
        }
        CliRun r = cli("test-pattern", "grid", "--config", agentYaml(dir, free).toString(), "--lang", "en");
        assertEquals(Main.EXIT_FAILED, r.code());
        assertTrue(r.err().contains("Cannot reach the agent at http://127.0.0.1:" + free + "/test-pattern"), r.err());
    }

    // ---- edge-agent run --test-pattern ----

    /** {@code run} with {@code args} parsed as picocli would, started in-process (no wait for SIGTERM). */
    private static Main.Run.Started startRun(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        Main.Run run = (Main.Run) parsed.subcommand().commandSpec().userObject();
        return run.start();
    }

    private static JsonObject status(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/status")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void runWithTestPatternFlagsStartsTheAgentShowingThatPatternForThatLong(@TempDir Path dir) throws Exception {
        Path yaml = agentYaml(dir, 0);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Instant before = Instant.now();
        Main.Run.Started s = startRun(out, err, "run", "--config", yaml.toString(), "--test-pattern", "blue",
                "--test-pattern-for", "10m");
        Instant after = Instant.now();
        assertNotNull(s.running(), "started: " + err);
        running = s.running();
        assertTrue(out.toString().contains("Technician page: http://127.0.0.1:" + running.agent().apiPort() + "/"), out.toString());

        JsonObject p = status(running.agent().apiPort()).getJsonObject("testPattern");
        assertNotNull(p, "the technician API reports the start-up pattern");
        assertEquals("blue", p.getString("kind"));
        assertNotNull(p.getString("until"), "--test-pattern-for 10m gives the pattern an end: " + p.encode());
        Instant until = Instant.parse(p.getString("until"));
        assertTrue(!until.isBefore(before.plus(Duration.ofMinutes(10))) && !until.isAfter(after.plus(Duration.ofMinutes(10))),
                "until " + until + " should be 10 min after the start (" + before + " .. " + after + ")");
        Frame blue = Bundles.solid(0x0000FF);
        Harness.waitUntil(() -> {
            try {
                return running.agent().currentFrame().await(5, TimeUnit.SECONDS).samePixels(blue);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the virtual panel to show the blue pattern");
    }

    @Test
    void runWithoutTestPatternForKeepsThePatternUntilCleared(@TempDir Path dir) throws Exception {
        Main.Run.Started s = startRun(new StringWriter(), new StringWriter(), "run", "--config", agentYaml(dir, 0).toString(),
                "--test-pattern", "moving-bar");
        running = s.running();
        JsonObject p = status(running.agent().apiPort()).getJsonObject("testPattern");
        assertEquals("moving-bar", p.getString("kind"));
        assertNull(p.getValue("until"));
    }

    @Test
    void runRefusesAnUnknownPatternNamingTheAllowedOnesBeforeStartingAnything(@TempDir Path dir) throws Exception {
        Path yaml = agentYaml(dir, 0);
        CliRun r = cli("run", "--config", yaml.toString(), "--test-pattern", "sparkle", "--lang", "en");
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("Cannot start with test pattern sparkle") && r.err().contains("takes one of " + KINDS),
                r.err());
        assertTrue(!Files.exists(dir.resolve("state")), "refused before the state folder was opened");

        r = cli("run", "--config", yaml.toString(), "--test-pattern", "sparkle", "--lang", "id");
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("menerima salah satu dari " + KINDS), r.err());

        r = cli("run", "--config", yaml.toString(), "--test-pattern", "grid", "--test-pattern-for", "soon", "--lang", "en");
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains("a duration up to 24h like 90s, 10m or 2h"), r.err());

        r = cli("run", "--config", yaml.toString(), "--test-pattern-for", "10m", "--lang", "en");
        assertEquals(Main.EXIT_CONFIG, r.code(), "a duration without a pattern is a mistake, not ignored");
        assertTrue(r.err().contains("only with --test-pattern"), r.err());
    }
}
