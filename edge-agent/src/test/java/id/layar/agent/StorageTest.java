package id.layar.agent;

import static id.layar.agent.Bundles.blobPath;
import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import id.layar.agent.SyncOutcome.Kind;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The card is small and shared: the quota is kept by evicting what nothing names, and a full card is a clear status. */
@ExtendWith(VertxExtension.class)
class StorageTest {
    private final byte[] red = Bundles.png(Bundles.RED);
    private final byte[] a = Bundles.noisePng(21, Bundles.W, Bundles.H);
    private final byte[] b = Bundles.noisePng(22, Bundles.W, Bundles.H);
    private final byte[] c = Bundles.noisePng(23, Bundles.W, Bundles.H);
    private Harness h;

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) {
        try {
            h = new Harness(vertx, dir);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    /** Version 5 plays red + A, version 6 red + B: A is left in the store, named by no accepted playlist. */
    private void playingV6WithAUnreferenced(long quota) throws Exception {
        h.tweak = cfg -> cfg.withQuota(quota);
        publish(h.origin, signed(playlist(5, still("red", red), still("a", a))), red, a);
        h.start();
        publish(h.origin, signed(playlist(6, still("red", red), still("b", b))), b);
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertTrue(Files.exists(h.storedBlob(a)), "nothing is evicted while there is room");
    }

    @Test
    void unreferencedBlobsAreEvictedToMakeRoom() throws Exception {
        playingV6WithAUnreferenced(red.length + a.length + b.length + c.length - 1000);
        publish(h.origin, signed(playlist(7, still("red", red), still("c", c))), c);
        SyncOutcome o = h.sync();
        assertEquals(Kind.ACCEPTED, o.kind(), o.toString());
        assertFalse(Files.exists(h.storedBlob(a)), "A is named by no accepted playlist: evicted");
        assertTrue(Files.exists(h.storedBlob(b)), "B is named by the playlist that played until now: kept");
        assertTrue(Files.exists(h.storedBlob(red)) && Files.exists(h.storedBlob(c)));
        JsonObject storage = h.httpStatus().getJsonObject("storage");
        assertTrue(storage.getLong("usedBytes") <= storage.getLong("quotaBytes"), storage::encode);
    }

    @Test
    void storageFullFailsClearlyAndWritesNothing() throws Exception {
        // Room for red, A and B only; C needs more than evicting A frees.
        playingV6WithAUnreferenced(red.length + a.length + b.length + 100);
        byte[] big = Bundles.noisePng(24, Bundles.W * 2, Bundles.H * 2);
        publish(h.origin, signed(playlist(7, still("red", red), still("big", big))), big);
        SyncOutcome o = h.sync();
        assertEquals(Kind.FAILED, o.kind(), o.toString());
        assertTrue(o.detail().startsWith("storage full: need ") && o.detail().endsWith("; raise quota or free space"), o.detail());
        assertEquals(0, h.origin.requests(blobPath(big)), "nothing is downloaded when it cannot fit");
        assertEquals(0, h.filesIn(h.state.resolve("tmp")));
        assertFalse(Files.exists(h.storedBlob(big)));
        assertTrue(Files.exists(h.storedBlob(b)) && Files.exists(h.storedBlob(red)), "what plays is never evicted");
        h.assertPanelStays(Bundles.solid(Bundles.RED), "version 6 (red first)");
        JsonObject s = h.httpStatus();
        assertEquals(6, s.getLong("version"));
        assertTrue(s.getJsonObject("lastSync").getString("detail").contains("storage full"));
    }

    @Test
    void fullCardIsAClearStatusNotACrashOrAHalfWrittenFile() throws Exception {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull), "needs Linux /dev/full, where every write fails with ENOSPC");
        publish(h.origin, signed(playlist(5, still("red", red))), red);
        h.start();
        publish(h.origin, signed(playlist(6, still("c", c))), c);
        // A first attempt is cut; its part is then swapped for /dev/full, so resuming it hits a full "card".
        h.origin.misbehave(blobPath(c), FakeOrigin.Misbehaviour.CUT_MIDWAY);
        assertEquals(Kind.FAILED, h.sync().kind());
        Path part = h.state.resolve("tmp").resolve(FakeOrigin.sha256(c) + ".part");
        Files.delete(part);
        Files.createSymbolicLink(part, devFull);
        h.origin.heal();
        SyncOutcome o = h.sync();
        assertEquals(Kind.FAILED, o.kind(), o.toString());
        assertTrue(o.detail().startsWith("storage full: the card has no space left") && o.detail().contains("free space"), o.detail());
        assertTrue(h.agent.player().isAlive());
        h.assertPanelStays(Bundles.solid(Bundles.RED), "red");
        assertFalse(Files.exists(h.storedBlob(c)), "no half-written blob");
        assertFalse(Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the failed part is removed");
        assertTrue(Files.exists(devFull), "only the link was removed");
        // Space is back: the next cycle accepts.
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertEquals(6, h.httpStatus().getLong("version"));
    }

    @Test
    void storedBlobThatRottedIsFetchedAgainBeforeANewPlaylistUsesIt() throws Exception {
        playingV6WithAUnreferenced(0);
        byte[] rotten = a.clone();
        rotten[rotten.length / 2] ^= 0x10; // a bit flipped on an ageing card
        Files.write(h.storedBlob(a), rotten);
        int before = h.origin.requests(blobPath(a));
        publish(h.origin, signed(playlist(7, still("a", a))));
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertEquals(before + 1, h.origin.requests(blobPath(a)), "the rotten copy is not used: A is fetched again");
        assertTrue(java.util.Arrays.equals(a, Files.readAllBytes(h.storedBlob(a))));
    }
}
