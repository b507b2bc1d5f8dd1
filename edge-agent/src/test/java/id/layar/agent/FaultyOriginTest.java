package id.layar.agent;

import static id.layar.agent.Bundles.blobPath;
import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import id.layar.render.Frame;
import id.layar.render.Png;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An origin that fails in every way a flaky link or a hostile server can: for each fault the agent stays up, keeps
 * playing the last good playlist, says what went wrong in /status, never buffers or stores more than the playlist
 * names, and accepts the new playlist at the first cycle after the origin heals.
 */
@ExtendWith(VertxExtension.class)
class FaultyOriginTest {
    private static final long V = 5;
    private final byte[] red = Bundles.png(Bundles.RED);
    /** A noise still at the panel size: a few KiB, so a cut leaves a real partial download. */
    private final byte[] noise = Bundles.noisePng(7, Bundles.W, Bundles.H);
    private Harness h;

    enum Fault {
        HTTP_500(Kind.FAILED, "HTTP 500"),
        CONNECTION_RESET_MID_BLOB(Kind.FAILED, "closed"),
        DRIP_ONE_BYTE_A_SECOND(Kind.FAILED, "too slow"),
        CONTENT_LENGTH_LONGER_THAN_NAMED(Kind.REJECTED, "blob-too-large"),
        CONTENT_LENGTH_SHORTER_THAN_BODY(Kind.REJECTED, "blob-mismatch"),
        ENDLESS_BODY(Kind.REJECTED, "blob-too-large"),
        WRONG_BYTES(Kind.REJECTED, "blob-mismatch"),
        ORIGIN_VANISHED(Kind.FAILED, "cannot fetch");

        final Kind kind;
        final String says;

        Fault(Kind kind, String says) {
            this.kind = kind;
            this.says = says;
        }
    }

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        h.tweak = c -> c.withDownload(Harness.QUICK_WATCHDOG);
        publish(h.origin, signed(playlist(V, still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void agentSurvivesKeepsPlayingReportsAndRecovers(Fault fault) throws Exception {
        String path = blobPath(noise);
        publish(h.origin, signed(playlist(V + 1, still("noise", noise))), noise);
        int port = h.origin.base().getPort();
        switch (fault) {
            case HTTP_500 -> h.origin.failWith(500);
            case CONNECTION_RESET_MID_BLOB -> h.origin.misbehave(path, FakeOrigin.Misbehaviour.CUT_MIDWAY);
            case DRIP_ONE_BYTE_A_SECOND -> h.origin.misbehave(path, FakeOrigin.Misbehaviour.DRIP);
            case CONTENT_LENGTH_LONGER_THAN_NAMED -> {
                // Announces more than the playlist names (and never sends it): refused before a byte is read.
                h.origin.misbehave(path, FakeOrigin.Misbehaviour.LENGTH_LIES_LONGER);
            }
            case CONTENT_LENGTH_SHORTER_THAN_BODY -> h.origin.misbehave(path, FakeOrigin.Misbehaviour.LENGTH_LIES_SHORTER);
            case ENDLESS_BODY -> h.origin.misbehave(path, FakeOrigin.Misbehaviour.ENDLESS);
            case WRONG_BYTES -> {
                byte[] evil = noise.clone();
                evil[evil.length / 3] ^= 0x55;
                h.origin.put(path, evil);
            }
            case ORIGIN_VANISHED -> h.vertx.undeploy(h.origin.deploymentID()).await();
        }

        long t0 = System.nanoTime();
        SyncOutcome o = h.sync();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 5_000, fault + " took " + millis + " ms: a hostile origin must not hold a cycle");
        assertEquals(fault.kind, o.kind(), o.toString());
        assertEquals(V, o.version());

        // The agent is up, the last good playlist plays, and status names the fault.
        assertTrue(h.agent.player().isAlive());
        h.assertPanelStays(Bundles.solid(Bundles.RED), "the last good playlist");
        JsonObject s = h.httpStatus();
        assertEquals(V, s.getLong("version"));
        assertEquals("red", s.getJsonObject("playing").getString("id"));
        String detail = s.getJsonObject("lastSync").getString("detail");
        assertEquals(fault.kind.wireName(), s.getJsonObject("lastSync").getString("outcome"));
        assertTrue(detail.contains(fault.says), fault + ": " + detail);
        if (fault.kind == Kind.REJECTED) {
            assertNotNull(s.getJsonObject("lastRejection"));
        }

        // Bounded: nothing beyond the named size was kept, nothing unverified was stored.
        Path tmp = h.state.resolve("tmp");
        assertTrue(h.bytesIn(tmp) <= noise.length, "tmp/ holds " + h.bytesIn(tmp) + " bytes; the blob is " + noise.length);
        assertFalse(Files.exists(h.storedBlob(noise)), "an unverified blob must not be stored");
        assertTrue(h.origin.endlessBytesSent() < 4 * 1024 * 1024, "the agent must hang up on an endless body, not read on: "
                + h.origin.endlessBytesSent() + " bytes were sent");

        // The origin heals: the next cycle accepts.
        if (fault == Fault.ORIGIN_VANISHED) {
            h.origin = FakeOrigin.deploy(h.vertx, port);
            publish(h.origin, signed(playlist(V + 1, still("noise", noise))), noise);
        } else {
            h.origin.heal();
            h.origin.put(path, noise);
        }
        SyncOutcome healed = h.sync();
        assertEquals(Kind.ACCEPTED, healed.kind(), healed.toString());
        Frame expected = Png.decode(noise);
        h.awaitPanel(expected, "the new playlist after the origin healed");
        assertEquals(V + 1, h.httpStatus().getLong("version"));
        assertEquals(0, h.filesIn(tmp), "nothing left in tmp/ after success");
    }
}
