package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import id.layar.agent.hardware.FakeFramebuffer;
import id.layar.agent.hardware.HardwareConfig;
import id.layar.agent.hardware.HardwareContext;
import id.layar.agent.hardware.MockPi4j;
import id.layar.agent.hardware.PowerRelay;
import id.layar.playlist.testing.MutableClock;
import id.layar.playlist.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as {@code run} assembles it from a {@code hardware:} section: the framebuffer output shows the content
 * in the capture window, the power schedule switches the relay and idles the wall, and the technician API overrides
 * it. Pi4J's mock providers stand in for the GPIO; a file of the framebuffer's layout for /dev/fb0.
 */
@ExtendWith(VertxExtension.class)
class HardwareWiringTest {
    private final byte[] red = Bundles.png(Bundles.RED);
    private Harness h;
    private HardwareContext hw;
    private Context pi4j;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
        if (hw != null) {
            hw.close();
        }
    }

    private static HardwareConfig config(Map<String, ?> section) {
        List<String> problems = new java.util.ArrayList<>();
        HardwareConfig c = HardwareConfig.fromMap(section, (k, t) -> problems.add(k + ": " + t));
        assertEquals(List.of(), problems);
        return c;
    }

    private HardwareContext open(HardwareConfig cfg) throws Exception {
        hw = HardwareContext.open(cfg, Bundles.W, Bundles.H, () -> pi4j = MockPi4j.context(),
                (ms, task) -> {
                    long id = h.vertx.setTimer(Math.max(1, ms), t -> task.run());
                    return () -> h.vertx.cancelTimer(id);
                }, h.clock, null);
        return hw;
    }

    /** Publishes version 3: one red still, with {@code offHours} (in WIB) signed into the playlist. */
    private void publishRedWithPlaylistOffHours(String offHours) throws Exception {
        id.layar.playlist.Playlist p = new id.layar.playlist.Playlist(Bundles.CHANNEL, 3, id.layar.playlist.testing.TestKeys.ISSUED,
                id.layar.playlist.testing.TestKeys.EXPIRES, java.time.ZoneId.of("Asia/Jakarta"),
                new id.layar.playlist.Panel(Bundles.W, Bundles.H, Bundles.FPS), List.of(Bundles.still("red", red)),
                List.of(id.layar.playlist.TimeWindow.parse(offHours)));
        Bundles.publish(h.origin, Bundles.signed(p), red);
    }

    @Test
    void framebufferOutputShowsTheContentInTheSenderCardsCaptureWindow(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir.resolve("agent"));
        Path root = dir.resolve("fbroot");
        FakeFramebuffer fb = FakeFramebuffer.create(root, 100, 60, 32);
        HardwareConfig cfg = config(Map.of("output", "framebuffer", "framebuffer",
                Map.of("device", "/dev/fb0", "root", root.toString(), "window", Map.of("x", "10", "y", "6"))));
        h.tweak = c -> c.withHardware(cfg);
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        open(cfg);
        var panel = hw.output().orElseThrow();
        h.agent = Agent.start(vertx, h.config(), panel, h.clock, Harness.FAST,
                new Agent.Extras(hw, null, null)).await(20, TimeUnit.SECONDS);
        Harness.waitUntil(() -> {
            try {
                byte[] b = fb.bytes();
                return fb.rgb(b, 10, 6) == Bundles.RED && fb.rgb(b, 10 + Bundles.W - 1, 6 + Bundles.H - 1) == Bundles.RED;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "red in the capture window of /dev/fb0");
        byte[] b = fb.bytes();
        assertEquals(0, fb.rgb(b, 9, 6), "left of the window stays black");
        assertEquals(0, fb.rgb(b, 10 + Bundles.W, 6 + Bundles.H), "below-right of the window stays black");
        JsonObject s = h.httpStatus();
        assertTrue(s.getJsonObject("hardware").getString("output").contains("fb0"), s.encodePrettily());
        assertTrue(s.getJsonObject("hardware").getLong("framesPresented") > 0, s.encodePrettily());
    }

    @Test
    void offHoursSwitchTheRelayOffAndIdleTheWallUntilATechnicianOverrides(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        // TestKeys.NOW is 10:00 in Jakarta: inside the off-hours.
        HardwareConfig cfg = config(Map.of("power", Map.of("relay-pin", "17", "active-low", "true",
                "off-hours", List.of("09:00-11:00"), "zone", "Asia/Jakarta")));
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        h.extras = new Agent.Extras(open(cfg), null, null);
        h.start();
        DigitalOutput relay = pi4j.io(PowerRelay.PI4J_ID, DigitalOutput.class);
        assertEquals(DigitalState.HIGH, relay.state(), "active-low relay released: the panel is off");
        h.awaitPanel(Bundles.solid(0), "black while the panel is off");
        Harness.waitUntil(() -> h.agent.player().idle(), "the player to idle");
        Harness.waitUntil(() -> {
            JsonObject hws = h.agent.status().hardware();
            return hws != null && hws.getJsonObject("power") != null && !hws.getJsonObject("power").getBoolean("on");
        }, "status to say the power is off");

        assertEquals(204, h.send(HttpMethod.POST, "/power", new JsonObject().put("on", true).put("minutes", 30)).statusCode());
        Harness.waitUntil(() -> relay.state() == DigitalState.LOW, "the relay to switch the panel on");
        h.awaitPanel(Bundles.solid(Bundles.RED), "the content while the technician keeps the panel on");

        assertEquals(204, h.send(HttpMethod.DELETE, "/power", null).statusCode());
        Harness.waitUntil(() -> relay.state() == DigitalState.HIGH, "the relay to follow the schedule again");
        Harness.waitUntil(() -> h.agent.player().idle(), "the player to idle again");
    }

    /** Off 09:00-11:00 in Jakarta, where the harness's 10:00 falls: the night shift of a technician. */
    private HardwareConfig offNow() {
        return config(Map.of("power", Map.of("relay-pin", "17", "active-low", "true",
                "off-hours", List.of("09:00-11:00"), "zone", "Asia/Jakarta")));
    }

    private JsonObject powerStatus() {
        return h.agent.status().hardware().getJsonObject("power");
    }

    @Test
    void aTestPatternInOffHoursPowersThePanelUntilItIsClearedOrEnds(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        MutableClock clock = new MutableClock(TestKeys.NOW);
        h.clock = clock;
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        h.extras = new Agent.Extras(open(offNow()), null, null);
        h.start();
        DigitalOutput relay = pi4j.io(PowerRelay.PI4J_ID, DigitalOutput.class);
        assertEquals(DigitalState.HIGH, relay.state(), "off-hours: the active-low relay is released");
        Harness.waitUntil(() -> h.agent.player().idle(), "the player to idle");

        assertEquals(204, h.send(HttpMethod.POST, "/test-pattern", new JsonObject().put("kind", "blue")).statusCode());
        Harness.waitUntil(() -> relay.state() == DigitalState.LOW, "the relay to power the panel for the pattern");
        h.awaitPanel(Bundles.solid(0x0000FF), "the blue pattern in off-hours");
        assertEquals("test-pattern", powerStatus().getString("reason"), powerStatus().encode());
        assertTrue(powerStatus().getBoolean("on"));
        assertEquals(true, h.agent.status().testPattern().getBoolean("shown"));

        assertEquals(204, h.send(HttpMethod.DELETE, "/test-pattern", null).statusCode());
        Harness.waitUntil(() -> relay.state() == DigitalState.HIGH, "the relay to follow the schedule again");
        h.awaitPanel(Bundles.solid(0), "black once the pattern is cleared");
        Harness.waitUntil(() -> h.agent.player().idle(), "the player to idle again");
        assertEquals("schedule", powerStatus().getString("reason"));

        // A pattern for a minute ends by itself, and the schedule takes the panel back.
        assertEquals(204, h.send(HttpMethod.POST, "/test-pattern", new JsonObject().put("kind", "green").put("seconds", 60))
                .statusCode());
        Harness.waitUntil(() -> relay.state() == DigitalState.LOW, "the relay on for the minute's pattern");
        h.awaitPanel(Bundles.solid(0x00FF00), "the green pattern");
        clock.advance(Duration.ofSeconds(61));
        Harness.waitUntil(() -> relay.state() == DigitalState.HIGH, "the relay off when the pattern's minute is up");
        h.awaitPanel(Bundles.solid(0), "black after the pattern");
        assertNull(h.agent.status().testPattern());
    }

    @Test
    void aTechniciansKeepOffBeatsATestPattern(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        h.extras = new Agent.Extras(open(offNow()), null, null);
        h.start();
        DigitalOutput relay = pi4j.io(PowerRelay.PI4J_ID, DigitalOutput.class);
        assertEquals(204, h.send(HttpMethod.POST, "/test-pattern", new JsonObject().put("kind", "blue")).statusCode());
        h.awaitPanel(Bundles.solid(0x0000FF), "the blue pattern");

        assertEquals(204, h.send(HttpMethod.POST, "/power", new JsonObject().put("on", false).put("minutes", 30)).statusCode());
        Harness.waitUntil(() -> relay.state() == DigitalState.HIGH, "the relay off: keep off beats the pattern");
        h.awaitPanel(Bundles.solid(0), "black while kept off");
        JsonObject pattern = h.agent.status().testPattern();
        assertEquals("blue", pattern.getString("kind"), "the pattern is still set");
        assertEquals(false, pattern.getBoolean("shown"), "and status says it is not on the wall");

        var refused = h.send(HttpMethod.POST, "/test-pattern", new JsonObject().put("kind", "green"));
        assertEquals(409, refused.statusCode());
        String why = refused.bodyAsJsonObject().getString("error");
        assertTrue(why.contains("kept off by a technician") && why.contains("Follow the schedule"), why);
        assertEquals("blue", h.agent.status().testPattern().getString("kind"), "the refused pattern changed nothing");

        assertEquals(204, h.send(HttpMethod.DELETE, "/power", null).statusCode());
        Harness.waitUntil(() -> relay.state() == DigitalState.LOW, "the relay on again for the pattern still set");
        h.awaitPanel(Bundles.solid(0x0000FF), "the blue pattern again");
    }

    @Test
    void offHoursSignedIntoThePlaylistOverrideTheConfigsAndSwitchTheRelayOff(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        // The config would keep the panel on at 10:00 (off only 23:00-05:00); the channel's playlist says 09:00-11:00.
        HardwareConfig cfg = config(Map.of("power", Map.of("relay-pin", "17", "active-low", "true",
                "off-hours", List.of("23:00-05:00"), "zone", "Asia/Jakarta")));
        publishRedWithPlaylistOffHours("09:00-11:00");
        h.extras = new Agent.Extras(open(cfg), null, null);
        h.start();
        DigitalOutput relay = pi4j.io(PowerRelay.PI4J_ID, DigitalOutput.class);
        Harness.waitUntil(() -> relay.state() == DigitalState.HIGH, "the relay to switch the panel off by the playlist's hours");
        Harness.waitUntil(() -> h.agent.player().idle(), "the player to idle");
        h.awaitPanel(Bundles.solid(0), "black");
        JsonObject power = h.agent.status().hardware().getJsonObject("power");
        assertEquals("playlist", power.getString("reason"), power.encode());
    }

    @Test
    void playlistOffHoursIdleAWallWithoutARelay(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        publishRedWithPlaylistOffHours("09:00-11:00");
        h.extras = new Agent.Extras(open(HardwareConfig.NONE), null, null);
        h.start();
        Harness.waitUntil(() -> h.agent.player().idle(), "the player to idle in the playlist's off-hours");
        h.awaitPanel(Bundles.solid(0), "black");
        assertEquals(null, pi4j, "no GPIO needed for that");
    }

    @Test
    void contentNeverReachesTheWallInsideThePlaylistsOffHoursNeitherWhenAcceptedNorAfterARestart(Vertx vertx, @TempDir Path dir)
            throws Exception {
        h = new Harness(vertx, dir);
        publishRedWithPlaylistOffHours("09:00-11:00");
        // The config has no off-hours: only the signed playlist's 09:00-11:00 (now is 10:00).
        for (String phase : List.of("accepted from the origin", "after a restart with it on disk")) {
            java.util.concurrent.atomic.AtomicLong frames = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong redFrames = new java.util.concurrent.atomic.AtomicLong();
            id.layar.render.PanelPort recording = new id.layar.render.PanelPort() {
                public int width() {
                    return Bundles.W;
                }

                public int height() {
                    return Bundles.H;
                }

                public void show(id.layar.render.Frame f) {
                    frames.incrementAndGet();
                    if ((f.get(0, 0) & 0xFFFFFF) == Bundles.RED) {
                        redFrames.incrementAndGet();
                    }
                }
            };
            if (hw != null) {
                hw.close(); // a restarted agent opens its hardware afresh: nothing is carried over in memory
            }
            open(HardwareConfig.NONE);
            h.agent = Agent.start(vertx, h.config(), recording, h.clock, Harness.FAST,
                    new Agent.Extras(hw, null, null)).await(20, TimeUnit.SECONDS);
            Harness.waitUntil(() -> h.agent.status().version() == 3, "version 3 accepted (" + phase + ")");
            Harness.waitUntil(() -> h.agent.player().idle(), "the player to idle (" + phase + ")");
            assertEquals(0, redFrames.get(), "frames of content shown during the off-hours, " + phase + ", of " + frames.get());
            h.stopAgent();
        }
    }

    @Test
    void aPlayerStuckInsideRenderOrShowIsNotHelpedByReopensSoTheAgentGivesUpAfter80Seconds(@TempDir Path dir) throws Exception {
        // What hardware-notes/troubleshooting.md promises, with the agent's own limits: the reopen waits for the next
        // show(), which a stuck player thread never makes, so restarts at 10, 20 and 40 s change nothing, and at 80 s
        // the watchdog escalates (run's escalation exits with EXIT_OUTPUT for systemd to restart the agent).
        Path root = dir.resolve("fbroot");
        FakeFramebuffer.create(root, 64, 32, 32);
        HardwareConfig cfg = config(Map.of("output", "framebuffer", "framebuffer",
                Map.of("device", "/dev/fb0", "root", root.toString())));
        MutableClock clock = new MutableClock(TestKeys.NOW);
        hw = HardwareContext.open(cfg, Bundles.W, Bundles.H, () -> pi4j = MockPi4j.context(), (ms, task) -> () -> { },
                clock, null);
        // Seconds since the watchdog last saw a frame (the tick after the player thread's last show()).
        java.time.Instant lastSeen = TestKeys.NOW.plusSeconds(1);
        List<Long> escalatedAt = new java.util.ArrayList<>();
        var watchdog = hw.watchdog(clock, Agent.FROZEN_AFTER, Agent.MAX_OUTPUT_RESTARTS,
                () -> escalatedAt.add(Duration.between(lastSeen, clock.instant()).toSeconds()));
        var out = hw.output().orElseThrow();
        out.show(Bundles.solid(Bundles.RED)); // the last frame before the player thread hangs
        clock.advance(Duration.ofSeconds(1));
        hw.tick(clock.instant(), false, false);
        assertEquals(lastSeen, watchdog.status().lastAdvance());
        List<Long> restartsAt = new java.util.ArrayList<>();
        long restarts = 0;
        for (int second = 1; second <= 120; second++) {
            clock.advance(Duration.ofSeconds(1));
            hw.tick(clock.instant(), false, false);
            if (watchdog.status().restarts() != restarts) {
                restarts = watchdog.status().restarts();
                restartsAt.add((long) second);
            }
        }
        assertEquals(List.of(10L, 20L, 40L), restartsAt, "restarts, backing off");
        assertEquals(List.of(80L), escalatedAt, "gives up once, 80 s into the freeze");
        assertEquals(0, out.reopens(), "no reopen ever happened: it waits for a show() that never comes");
        assertEquals(1, out.framesPresented());
    }

    @Test
    void virtualPanelNeedsNoPi4j(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        open(HardwareConfig.NONE);
        assertTrue(hw.output().isEmpty());
        assertEquals(null, pi4j, "no GPIO, I2C or SPI configured: Pi4J is never started");
    }
}
