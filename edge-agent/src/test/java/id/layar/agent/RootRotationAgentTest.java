package id.layar.agent;

import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.Root;
import id.layar.playlist.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root rotation on the device (rule 6): the agent walks roots/{v+1}.json until the origin has no newer one, accepts
 * each only when both the old and the new root's thresholds signed it, keeps it in state/root.json, and from then on
 * trusts only the keys the new root lists.
 */
@ExtendWith(VertxExtension.class)
class RootRotationAgentTest {
    private static final Root V2 = Root.of(2, TestKeys.ROOT_EXPIRES, Keys.NEW_ROOT.getPublic(), List.of(Keys.NEW_SIGNER.getPublic()), 1);
    private static final Root V3 = V2.successor(3, TestKeys.ROOT_EXPIRES);
    private final byte[] red = Bundles.png(Bundles.RED);
    private final byte[] green = Bundles.png(Bundles.GREEN);
    private final byte[] blue = Bundles.png(Bundles.BLUE);
    private Harness h;

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        publish(h.origin, signed(playlist(5, still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        assertEquals(1, h.httpStatus().getLong("rootVersion"));
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Roots 2 and 3 on the origin, and version 6 (green) signed by the new signing key. */
    private void publishRotationToV3() {
        h.origin.put("roots/2.json", Keys.signRoot(V2, TestKeys.ROOT, Keys.NEW_ROOT));
        h.origin.put("roots/3.json", Keys.signRoot(V3, Keys.NEW_ROOT));
        h.origin.put(Bundles.PLAYLIST_PATH, TestKeys.sign(playlist(6, still("green", green)), Keys.NEW_SIGNER));
        h.origin.put(Bundles.blobPath(green), green);
    }

    @Test
    void rotatesThroughEveryPublishedRootKeepsItAndTrustsTheNewKeys() throws Exception {
        publishRotationToV3();
        SyncOutcome o = h.sync();
        assertEquals(Kind.ACCEPTED, o.kind(), o.toString());
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "green, signed by the new key");
        assertEquals(3, h.httpStatus().getLong("rootVersion"));
        assertArrayEquals(Keys.signRoot(V3, Keys.NEW_ROOT), Files.readAllBytes(h.state.resolve("root.json")));
        assertTrue(h.origin.requests("roots/4.json") >= 1, "walked until the origin had no newer root");

        // After a restart the rotated root (v3) wins over the provisioned one (v1), so the stored playlist still plays.
        h.stopAgent();
        h.vertx.undeploy(h.origin.deploymentID()).await();
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "green after a restart");
        JsonObject s = h.httpStatus();
        assertEquals(3, s.getLong("rootVersion"));
        assertEquals(6, s.getLong("version"));
        assertNull(s.getValue("problem"));
    }

    @Test
    void reprovisionedRootWithAHigherVersionWinsOverTheStateFolder() throws Exception {
        h.origin.put("roots/2.json", Keys.signRoot(V2, TestKeys.ROOT, Keys.NEW_ROOT));
        h.sync();
        assertEquals(2, h.httpStatus().getLong("rootVersion"));
        h.stopAgent();
        // A technician installs root version 3 from a new provisioning kit.
        Files.write(h.rootFile, Keys.signRoot(V3, Keys.NEW_ROOT));
        h.start();
        assertEquals(3, h.httpStatus().getLong("rootVersion"));
    }

    @Test
    void newRootSignedOnlyByTheNewKeysIsRefused() throws Exception {
        h.origin.put("roots/2.json", Keys.signRoot(V2, Keys.NEW_ROOT));
        h.origin.put(Bundles.PLAYLIST_PATH, TestKeys.sign(playlist(6, still("green", green)), Keys.NEW_SIGNER));
        int playlistRequests = h.origin.requests(Bundles.PLAYLIST_PATH);
        SyncOutcome o = h.sync();
        assertEquals(Kind.REJECTED, o.kind(), o.toString());
        h.assertPanelStays(Bundles.solid(Bundles.RED), "red");
        JsonObject s = h.httpStatus();
        assertEquals(1, s.getLong("rootVersion"));
        assertEquals(5, s.getLong("version"));
        assertEquals(Reason.UNKNOWN_KEY.wireName(), s.getJsonObject("lastRejection").getString("reason"));
        assertTrue(s.getJsonObject("lastRejection").getString("detail").contains("roots/2.json"), s.encodePrettily());
        assertFalse(Files.exists(h.state.resolve("root.json")));
        assertEquals(playlistRequests, h.origin.requests(Bundles.PLAYLIST_PATH), "nothing is fetched after a refused rotation");
    }

    @Test
    void playlistSignedByARevokedKeyAfterRotationIsRefused() throws Exception {
        publishRotationToV3();
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        h.origin.put(Bundles.blobPath(blue), blue);
        // The old signing key (stolen, say) signs version 7: the rotated root no longer lists it.
        h.assertRefusedKeepsPlaying(TestKeys.sign(playlist(7, still("blue", blue)), TestKeys.SIGNER), Reason.UNKNOWN_KEY,
                6, "green", Bundles.solid(Bundles.GREEN));
    }

    @Test
    void rotationThatRevokesThePlayingKeyTakesItsPlaylistOffTheWall() throws Exception {
        // The owner revoked the key that signed what plays, and has not re-signed yet: nothing it signed is shown.
        h.origin.put("roots/2.json", Keys.signRoot(V2, TestKeys.ROOT, Keys.NEW_ROOT));
        SyncOutcome o = h.sync();
        assertEquals(Kind.REJECTED, o.kind(), o.toString());
        h.awaitPanel(Bundles.solid(0), "black");
        JsonObject s = h.httpStatus();
        assertEquals(2, s.getLong("rootVersion"));
        assertTrue(s.getString("problem").contains("not signed by keys the new root version 2 trusts"), s.getString("problem"));
        // The owner publishes version 6 signed by the new key: the wall comes back.
        h.origin.put(Bundles.PLAYLIST_PATH, TestKeys.sign(playlist(6, still("green", green)), Keys.NEW_SIGNER));
        h.origin.put(Bundles.blobPath(green), green);
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "green");
    }
}
