package id.layar.agent;

import static id.layar.agent.Bundles.BLUE;
import static id.layar.agent.Bundles.GREEN;
import static id.layar.agent.Bundles.PLAYLIST_PATH;
import static id.layar.agent.Bundles.RED;
import static id.layar.agent.Bundles.blobPath;
import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.png;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.solid;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import id.layar.playlist.Envelope;
import id.layar.playlist.Json;
import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.testing.TestKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent end to end against a fake origin: what it accepts, every attack it refuses (the previous
 * playlist keeps playing, the reason shows in /status), and what it does when the network fails.
 */
@ExtendWith(VertxExtension.class)
class AgentSyncTest {
    private static final long V = 5;
    private final byte[] red = png(RED);
    private final byte[] green = png(GREEN);
    private final byte[] blue = png(BLUE);

    private Harness h;

    @BeforeEach
    void setUp(Vertx vertx, @TempDir java.nio.file.Path dir) throws Exception {
        h = new Harness(vertx, dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Starts the agent with version {@value #V} (one red still) accepted and on the wall. */
    private void playingRedAtV5() throws Exception {
        publish(h.origin, signed(playlist(V, still("red", red))), red);
        h.start();
        assertEquals(Kind.ACCEPTED, h.agent.status().lastSync().outcome(), () -> h.agent.status().toString());
        h.awaitPanel(solid(RED), "the red item");
    }

    /** Offers {@code envelope}; asserts it is refused for {@code reason} and the red item keeps playing. */
    private JsonObject assertRejectedKeepsPlaying(byte[] envelope, Reason reason) throws Exception {
        h.origin.put(PLAYLIST_PATH, envelope);
        SyncOutcome o = h.sync();
        assertEquals(Kind.REJECTED, o.kind(), o.toString());
        assertEquals(V, o.version());
        h.assertPanelStays(solid(RED), "the previously accepted red item");
        JsonObject s = h.httpStatus();
        assertEquals(V, s.getLong("version"));
        assertEquals("red", s.getJsonObject("playing").getString("id"));
        assertNotNull(s.getJsonObject("lastRejection"), s.encodePrettily());
        assertEquals(reason.wireName(), s.getJsonObject("lastRejection").getString("reason"), s.encodePrettily());
        assertEquals("rejected", s.getJsonObject("lastSync").getString("outcome"));
        assertArrayEquals(Files.readAllBytes(h.state.resolve("playlist.json")), signed(playlist(V, still("red", red))),
                "playlist.json must still hold the accepted envelope");
        assertEquals(0, h.filesIn(h.state.resolve("tmp")), "tmp/ must be empty after a rejection");
        return s;
    }

    @Test
    void notificationDuringASyncThatAlreadyFetchedTheOldPlaylistSyncsOnceMore() throws Exception {
        playingRedAtV5();
        publish(h.origin, signed(playlist(V + 1, still("green", green))), green);
        java.util.concurrent.atomic.AtomicBoolean published = new java.util.concurrent.atomic.AtomicBoolean();
        h.origin.onBlobServed(path -> {
            // The cycle has fetched version 6 and is downloading its blob when staff publish 7 and notify.
            if (published.compareAndSet(false, true)) {
                h.origin.put(PLAYLIST_PATH, signed(playlist(V + 2, still("red-again", red))));
                h.agent.notified();
            }
        });
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertTrue(published.get(), "the blob download ran during the cycle");
        // No poll is due for an hour: only the queued cycle can bring version 7.
        Harness.waitUntil(() -> h.agent.status().version() == V + 2, "version 7 after the queued cycle");
        h.awaitPanel(solid(RED), "the item of version 7");
    }

    @Test
    void acceptsSignedPlaylistAndShowsItsPixels() throws Exception {
        playingRedAtV5();
        JsonObject s = h.httpStatus();
        assertEquals("test-wall-01", s.getString("device"));
        assertEquals(Bundles.CHANNEL, s.getString("channel"));
        assertEquals(V, s.getLong("version"));
        assertEquals("red", s.getJsonObject("playing").getString("id"));
        assertEquals("Title of red", s.getJsonObject("playing").getString("title"));
        assertEquals("accepted", s.getJsonObject("lastSync").getString("outcome"));
        assertNull(s.getValue("lastRejection"));
        assertTrue(Files.isRegularFile(h.storedBlob(red)));
        assertArrayEquals(signed(playlist(V, still("red", red))), Files.readAllBytes(h.state.resolve("playlist.json")),
                "the store keeps the envelope exactly as received");

        // A newer version replaces it.
        publish(h.origin, signed(playlist(V + 1, still("green", green))), green);
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        h.awaitPanel(solid(GREEN), "the green item of version 6");
        assertEquals(V + 1, h.httpStatus().getLong("version"));
    }

    @Test
    void nothingAcceptedShowsBlack() throws Exception {
        h.start(); // the origin has nothing: 404
        assertEquals(Kind.FAILED, h.agent.status().lastSync().outcome());
        h.assertPanelStays(solid(0), "black");
        JsonObject s = h.httpStatus();
        assertEquals(0, s.getLong("version"));
        assertNull(s.getValue("playing"));
    }

    @Test
    void rejectsTamperedPayload() throws Exception {
        playingRedAtV5();
        Envelope good = Envelope.parse(signed(playlist(V + 1, still("green", green))));
        byte[] payload = new String(good.payload(), StandardCharsets.UTF_8).replace("Title of green", "Hijacked")
                .getBytes(StandardCharsets.UTF_8);
        h.origin.put(blobPath(green), green);
        assertRejectedKeepsPlaying(new Envelope(good.payloadType(), payload, good.signatures()).toBytes(), Reason.BAD_SIGNATURE);
        assertEquals(0, h.origin.requests(blobPath(green)), "nothing named by an unverified playlist is fetched");
    }

    @Test
    void rejectsPlaylistSignedByUnknownKey() throws Exception {
        playingRedAtV5();
        assertRejectedKeepsPlaying(TestKeys.sign(playlist(V + 1, still("green", green)), TestKeys.STRANGER), Reason.UNKNOWN_KEY);
    }

    @Test
    void rejectsUnsignedPlaylist() throws Exception {
        playingRedAtV5();
        assertRejectedKeepsPlaying(TestKeys.sign(playlist(V + 1, still("green", green))), Reason.THRESHOLD_NOT_MET);
    }

    @Test
    void rejectsRollbackToLowerVersion() throws Exception {
        playingRedAtV5();
        h.origin.put(blobPath(green), green);
        assertRejectedKeepsPlaying(signed(playlist(V - 2, still("green", green))), Reason.ROLLBACK);
    }

    @Test
    void rejectsExpiredPlaylist() throws Exception {
        playingRedAtV5();
        h.origin.put(blobPath(green), green);
        byte[] stale = signed(playlist(Bundles.CHANNEL, V + 1, TestKeys.NOW.minus(Duration.ofDays(30)),
                TestKeys.NOW.minus(Duration.ofDays(1)), still("green", green)));
        assertRejectedKeepsPlaying(stale, Reason.EXPIRED);
    }

    @Test
    void rejectsAnotherChannelsPlaylist() throws Exception {
        playingRedAtV5();
        h.origin.put(blobPath(green), green);
        byte[] other = signed(playlist("alun-alun", V + 1, TestKeys.ISSUED, TestKeys.EXPIRES, still("green", green)));
        assertRejectedKeepsPlaying(other, Reason.WRONG_CHANNEL);
    }

    @Test
    void rejectsOversizedPlaylistBody() throws Exception {
        playingRedAtV5();
        byte[] huge = new byte[Json.MAX_DOCUMENT_BYTES + 1];
        assertRejectedKeepsPlaying(huge, Reason.OVERSIZED);
    }

    @Test
    void blobWithWrongHashIsNeverStored() throws Exception {
        playingRedAtV5();
        // The playlist names green; the origin serves other bytes of the same size under green's name.
        byte[] evil = green.clone();
        evil[evil.length / 2] ^= 0x5A;
        h.origin.put(blobPath(green), evil);
        JsonObject s = assertRejectedKeepsPlaying(signed(playlist(V + 1, still("green", green))), Reason.BLOB_MISMATCH);
        assertTrue(s.getJsonObject("lastRejection").getString("detail").contains(FakeOrigin.sha256(green)));
        assertFalse(Files.exists(h.storedBlob(green)), "a blob that fails its hash must not be stored");
    }

    @Test
    void blobLargerThanNamedIsCutOffAndNeverStored() throws Exception {
        playingRedAtV5();
        h.origin.put(blobPath(green), green);
        h.origin.misbehave(blobPath(green), FakeOrigin.Misbehaviour.LONGER_CHUNKED);
        assertRejectedKeepsPlaying(signed(playlist(V + 1, still("green", green))), Reason.BLOB_TOO_LARGE);
        assertFalse(Files.exists(h.storedBlob(green)), "an oversized blob must not be stored");
    }

    @Test
    void blobAnnouncedLargerThanNamedIsRefusedBeforeReading() throws Exception {
        playingRedAtV5();
        h.origin.put(blobPath(green), green);
        h.origin.misbehave(blobPath(green), FakeOrigin.Misbehaviour.LONGER_WITH_LENGTH);
        assertRejectedKeepsPlaying(signed(playlist(V + 1, still("green", green))), Reason.BLOB_TOO_LARGE);
        assertFalse(Files.exists(h.storedBlob(green)));
    }

    @Test
    void endlessBlobIsCutOffAtTheNamedSize() throws Exception {
        playingRedAtV5();
        h.origin.put(blobPath(green), green);
        h.origin.misbehave(blobPath(green), FakeOrigin.Misbehaviour.ENDLESS);
        assertRejectedKeepsPlaying(signed(playlist(V + 1, still("green", green))), Reason.BLOB_TOO_LARGE);
        assertFalse(Files.exists(h.storedBlob(green)));
        assertTrue(h.origin.endlessBytesSent() < 4 * 1024 * 1024, "the agent must hang up, not read on: "
                + h.origin.endlessBytesSent() + " bytes were sent");
    }

    @Test
    void badBlobIsFetchedAgainAtTheNextPollAndThenAccepted() throws Exception {
        playingRedAtV5();
        h.origin.put(blobPath(green), blue);
        assertRejectedKeepsPlaying(signed(playlist(V + 1, still("green", green))), Reason.BLOB_MISMATCH);
        h.origin.put(blobPath(green), green); // the origin is repaired; the playlist is the same bytes
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        h.awaitPanel(solid(GREEN), "green after the repaired blob");
    }

    @Test
    void equalVersionIsNoOp() throws Exception {
        playingRedAtV5();
        // Same version, different content: never replaces what plays, and its blob is not fetched.
        publish(h.origin, signed(playlist(V, still("green", green))), green);
        SyncOutcome o = h.sync();
        assertEquals(Kind.UNCHANGED, o.kind(), o.toString());
        assertEquals(0, h.origin.requests(blobPath(green)));
        h.assertPanelStays(solid(RED), "the red item");
        assertArrayEquals(signed(playlist(V, still("red", red))), Files.readAllBytes(h.state.resolve("playlist.json")));
    }

    @Test
    void secondPollIsConditionalAndDownloadsNothing() throws Exception {
        playingRedAtV5();
        int blobRequests = h.origin.requests(blobPath(red));
        assertEquals(1, blobRequests);
        SyncOutcome o = h.sync();
        assertEquals(Kind.UNCHANGED, o.kind());
        assertEquals(1, h.origin.notModified(), "the second poll must be answered 304");
        assertEquals(2, h.origin.requests(PLAYLIST_PATH));
        assertEquals(blobRequests, h.origin.requests(blobPath(red)), "no blob is downloaded again");
    }

    @Test
    void originDownFailsAndKeepsPlaying() throws Exception {
        playingRedAtV5();
        h.origin.failWith(500);
        SyncOutcome o = h.sync();
        assertEquals(Kind.FAILED, o.kind());
        assertTrue(o.detail().contains("HTTP 500"), o.detail());
        h.assertPanelStays(solid(RED), "the red item");
        JsonObject s = h.httpStatus();
        assertEquals("failed", s.getJsonObject("lastSync").getString("outcome"));
        assertTrue(s.getJsonObject("lastSync").getString("detail").contains("HTTP 500"));
        assertNull(s.getValue("lastRejection"), "a transport fault is not a rejection");

        // Connection refused: the origin is gone.
        h.vertx.undeploy(h.origin.deploymentID()).await();
        o = h.sync();
        assertEquals(Kind.FAILED, o.kind());
        assertTrue(o.detail().contains(h.origin.base().getAuthority()) || o.detail().contains("refused"), o.detail());
        h.assertPanelStays(solid(RED), "the red item");
        assertEquals(V, h.httpStatus().getLong("version"));
    }

    @Test
    void blobDownloadFailureIsRetriedAtTheNextPoll() throws Exception {
        playingRedAtV5();
        publish(h.origin, signed(playlist(V + 1, still("green", green)))); // blob not on the origin yet: 404
        SyncOutcome o = h.sync();
        assertEquals(Kind.FAILED, o.kind(), o.toString());
        h.assertPanelStays(solid(RED), "the red item");
        h.origin.put(blobPath(green), green);
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        h.awaitPanel(solid(GREEN), "green");
    }

    @Test
    void secondSyncWhileOneRunsJoinsIt() throws Exception {
        playingRedAtV5();
        Future<SyncOutcome> a = h.agent.syncNow();
        Future<SyncOutcome> b = h.agent.syncNow();
        assertSame(a, b);
        a.await();
        assertEquals(Kind.UNCHANGED, a.result().kind());
    }

    @Test
    void restartPlaysStoredPlaylistWithOriginGone() throws Exception {
        playingRedAtV5();
        h.stopAgent();
        h.vertx.undeploy(h.origin.deploymentID()).await();
        h.start();
        h.awaitPanel(solid(RED), "the stored red item");
        JsonObject s = h.httpStatus();
        assertEquals(V, s.getLong("version"));
        assertEquals("failed", s.getJsonObject("lastSync").getString("outcome"));
        assertNull(s.getValue("problem"));
    }

    @Test
    void restartKeepsRollbackProtection() throws Exception {
        playingRedAtV5();
        h.stopAgent();
        h.origin.put(blobPath(green), green);
        h.origin.put(PLAYLIST_PATH, signed(playlist(V - 1, still("green", green))));
        h.start();
        assertEquals(Kind.REJECTED, h.agent.status().lastSync().outcome());
        assertEquals("rollback", h.agent.status().lastRejection().reason());
        h.assertPanelStays(solid(RED), "the stored red item");
    }

    @Test
    void corruptedStoredBlobAtBootStartsBlackWithClearStatus() throws Exception {
        playingRedAtV5();
        h.stopAgent();
        h.vertx.undeploy(h.origin.deploymentID()).await();
        byte[] damaged = red.clone();
        damaged[damaged.length / 2] ^= 0x5A;
        Files.write(h.storedBlob(red), damaged);
        h.start();
        h.assertPanelStays(solid(0), "black");
        JsonObject s = h.httpStatus();
        assertEquals(0, s.getLong("version"));
        assertNull(s.getValue("playing"));
        String problem = s.getString("problem");
        assertNotNull(problem, s.encodePrettily());
        assertTrue(problem.contains("blob-mismatch") && problem.contains(FakeOrigin.sha256(red)), problem);
        assertFalse(Files.exists(h.storedBlob(red)), "the damaged blob is removed so the next sync fetches it again");
    }

    @Test
    void damagedStoreIsRepairedBySyncingTheSameVersion() throws Exception {
        playingRedAtV5();
        h.stopAgent();
        Files.write(h.storedBlob(red), new byte[] {1, 2, 3});
        h.start(); // the origin still offers version 5: its blob is fetched again
        assertEquals(Kind.ACCEPTED, h.agent.status().lastSync().outcome(), h.agent.status().toString());
        h.awaitPanel(solid(RED), "the red item, repaired");
        assertNull(h.agent.status().problem());
    }

    @Test
    void tamperedStoredPlaylistAtBootStartsBlack() throws Exception {
        playingRedAtV5();
        h.stopAgent();
        h.vertx.undeploy(h.origin.deploymentID()).await();
        byte[] stored = Files.readAllBytes(h.state.resolve("playlist.json"));
        Envelope e = Envelope.parse(stored);
        byte[] payload = new String(e.payload(), StandardCharsets.UTF_8).replace("Title of red", "Hijacked").getBytes(StandardCharsets.UTF_8);
        Files.write(h.state.resolve("playlist.json"), new Envelope(e.payloadType(), payload, e.signatures()).toBytes());
        h.start();
        h.assertPanelStays(solid(0), "black");
        assertEquals(0, h.agent.status().version());
        assertTrue(h.agent.status().problem().contains("bad-signature"), h.agent.status().problem());
    }
}
