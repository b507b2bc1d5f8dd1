package id.layar.agent;

import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import id.layar.playlist.Json;
import id.layar.playlist.testing.MutableClock;
import id.layar.playlist.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pi has no real-time clock: it boots in 1970 until NTP answers, and the network can lie to NTP. Expiry and the
 * schedule go by trusted time, which never falls behind the newest signed time accepted (persisted in trust.json);
 * an expired playlist keeps playing with an alarm, or goes black, as the config says.
 */
@ExtendWith(VertxExtension.class)
class TrustedTimeAgentTest {
    private static final Instant ISSUED_V6 = Instant.parse("2026-12-20T00:00:00Z");
    private static final Instant EXPIRES_V6 = Instant.parse("2027-06-01T00:00:00Z");
    private final byte[] red = Bundles.png(Bundles.RED);
    private final byte[] green = Bundles.png(Bundles.GREEN);
    private final MutableClock clock = new MutableClock(TestKeys.NOW);
    private Harness h;

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        h.clock = clock;
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private void playingGreenIssuedInDecember() throws Exception {
        publish(h.origin, signed(playlist(Bundles.CHANNEL, 6, ISSUED_V6, EXPIRES_V6, still("green", green))), green);
        h.start();
        assertEquals(Kind.ACCEPTED, h.agent.status().lastSync().outcome(), () -> h.agent.status().toString());
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "green");
    }

    @Test
    void floorIsPersistedAtomicallyInTrustJson() throws Exception {
        playingGreenIssuedInDecember();
        var trust = Json.parseObject(Files.readAllBytes(h.state.resolve("trust.json")));
        assertEquals(ISSUED_V6.toString(), trust.get("floor").asText());
        assertEquals(6, trust.get("version").asLong());
        try (Stream<Path> files = Files.list(h.state)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)), "no temp files beside it");
        }
    }

    @Test
    void systemClockAt1970PlaysByTrustedTimeAndSaysTheClockIsBehind() throws Exception {
        playingGreenIssuedInDecember();
        h.stopAgent();
        h.vertx.undeploy(h.origin.deploymentID()).await();
        clock.set(Instant.EPOCH); // a Pi that booted without network: no RTC, no NTP
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "the stored playlist, by trusted time");
        JsonObject s = h.httpStatus();
        JsonObject c = s.getJsonObject("clock");
        assertTrue(c.getBoolean("behind"), c::encode);
        assertEquals(Instant.EPOCH.toString(), c.getString("system"));
        Instant trusted = Instant.parse(c.getString("trusted"));
        assertFalse(trusted.isBefore(ISSUED_V6), "trusted time never falls behind the signed floor: " + trusted);
        assertTrue(trusted.isBefore(ISSUED_V6.plus(Duration.ofMinutes(5))), "it moves on from the floor by uptime only: " + trusted);
        assertNull(s.getValue("expired"));
        assertFalse(Instant.parse(s.getJsonObject("playing").getString("since")).isBefore(ISSUED_V6),
                "the schedule runs by trusted time, not 1970");
    }

    @Test
    void clockJumpingBackwardsNeverMovesTrustedTimeBack() throws Exception {
        playingGreenIssuedInDecember();
        clock.set(ISSUED_V6.plus(Duration.ofDays(1)));
        assertFalse(h.httpStatus().getJsonObject("clock").getBoolean("behind"));
        clock.set(Instant.parse("2026-01-01T00:00:00Z")); // NTP spoofed, or a technician's mistake
        JsonObject c = h.httpStatus().getJsonObject("clock");
        assertTrue(c.getBoolean("behind"));
        assertFalse(Instant.parse(c.getString("trusted")).isBefore(ISSUED_V6), c::encode);
        h.assertPanelStays(Bundles.solid(Bundles.GREEN), "green");
        clock.set(ISSUED_V6.plus(Duration.ofDays(2)));
        assertFalse(h.httpStatus().getJsonObject("clock").getBoolean("behind"));
    }

    @Test
    void trustedTimeMovesOnFromTheFloorByMonotonicTime() {
        AtomicLong nanos = new AtomicLong(1_000);
        TrustedClock t = new TrustedClock(new MutableClock(Instant.EPOCH), ISSUED_V6, nanos::get);
        assertEquals(ISSUED_V6, t.instant());
        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        assertEquals(ISSUED_V6.plus(Duration.ofMinutes(3)), t.instant());
        assertTrue(t.behind());
        t.raise(Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(ISSUED_V6.plus(Duration.ofMinutes(3)), t.instant(), "the floor never moves back");
        TrustedClock fresh = new TrustedClock(new MutableClock(TestKeys.NOW), Instant.EPOCH, nanos::get);
        assertEquals(TestKeys.NOW, fresh.instant());
        assertFalse(fresh.behind());
    }

    @Test
    void expiredPlaylistKeepsPlayingWithAnAlarmByDefault() throws Exception {
        publish(h.origin, signed(playlist(5, still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        assertNull(h.httpStatus().getValue("expired"));
        clock.set(TestKeys.EXPIRES.plus(Duration.ofHours(1)));
        h.assertPanelStays(Bundles.solid(Bundles.RED), "red: a dark wall helps nobody");
        JsonObject s = h.httpStatus();
        JsonObject e = s.getJsonObject("expired");
        assertEquals("keep-playing", e.getString("policy"));
        assertEquals("content", e.getString("showing"));
        assertEquals(TestKeys.EXPIRES.toString(), e.getString("at"));
        assertTrue(s.getString("problem").contains("expired") && s.getString("problem").contains("keeps playing"), s.getString("problem"));
        assertEquals("red", s.getJsonObject("playing").getString("id"));
    }

    @Test
    void expiredPlaylistWithBlankPolicyShowsBlackAndSaysWhy() throws Exception {
        h.tweak = c -> c.withExpired(AgentConfig.ExpiredPolicy.BLANK);
        publish(h.origin, signed(playlist(5, still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        clock.set(TestKeys.EXPIRES.plus(Duration.ofHours(1)));
        h.awaitPanel(Bundles.solid(0), "black once expired");
        JsonObject s = h.httpStatus();
        assertEquals("black", s.getJsonObject("expired").getString("showing"));
        assertEquals("blank", s.getJsonObject("expired").getString("policy"));
        assertNull(s.getValue("playing"));
        assertEquals(5, s.getLong("version"), "the playlist is still the accepted one");
        assertTrue(s.getString("problem").contains("black (expired: blank)"), s.getString("problem"));
        // A newer playlist brings the wall back.
        publish(h.origin, signed(playlist(Bundles.CHANNEL, 6, TestKeys.EXPIRES, TestKeys.EXPIRES.plus(Duration.ofDays(30)),
                still("green", green))), green);
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "green");
        assertNull(h.httpStatus().getValue("expired"));
    }

    @Test
    void blankPolicyAlsoAppliesToAnExpiredPlaylistFoundAtBoot() throws Exception {
        publish(h.origin, signed(playlist(5, still("red", red))), red);
        h.start();
        h.stopAgent();
        h.vertx.undeploy(h.origin.deploymentID()).await();
        h.tweak = c -> c.withExpired(AgentConfig.ExpiredPolicy.BLANK);
        clock.set(TestKeys.EXPIRES.plus(Duration.ofDays(3)));
        h.start();
        h.assertPanelStays(Bundles.solid(0), "black");
        assertEquals("black", h.httpStatus().getJsonObject("expired").getString("showing"));
    }
}
