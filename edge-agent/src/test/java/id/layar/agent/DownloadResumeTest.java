package id.layar.agent;

import static id.layar.agent.Bundles.blobPath;
import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A download cut by the network continues where it stopped, and only when that is provably the same bytes. */
@ExtendWith(VertxExtension.class)
class DownloadResumeTest {
    private final byte[] red = Bundles.png(Bundles.RED);
    private final byte[] noise = Bundles.noisePng(11, Bundles.W, Bundles.H);
    private Harness h;
    private String path;
    private Path part;

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        publish(h.origin, signed(playlist(5, still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        path = blobPath(noise);
        part = h.state.resolve("tmp").resolve(FakeOrigin.sha256(noise) + ".part");
        // The first attempt is cut half way: the first half stays in tmp/.
        publish(h.origin, signed(playlist(6, still("noise", noise))), noise);
        h.origin.misbehave(path, FakeOrigin.Misbehaviour.CUT_MIDWAY);
        assertEquals(Kind.FAILED, h.sync().kind());
        assertEquals(noise.length / 2, Files.size(part), "the part keeps exactly what arrived");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private void assertStoredAndPlaying() throws Exception {
        assertArrayEquals(noise, Files.readAllBytes(h.storedBlob(noise)));
        assertEquals(6, h.httpStatus().getLong("version"));
        assertEquals(0, h.filesIn(h.state.resolve("tmp")));
    }

    @Test
    void interruptedDownloadResumesWithRangeFromWhereItStopped() throws Exception {
        h.origin.heal();
        long sentBefore = h.origin.blobBytesSent();
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertTrue(h.origin.rangeRequests().contains(path + " bytes=" + noise.length / 2 + "-"), h.origin.rangeRequests()::toString);
        assertEquals(noise.length - noise.length / 2, h.origin.blobBytesSent() - sentBefore, "only the missing half is sent again");
        assertStoredAndPlaying();
    }

    @Test
    void resumeSurvivesASecondCut() throws Exception {
        // Cut again on the resumed request: each attempt keeps its progress.
        assertEquals(Kind.FAILED, h.sync().kind());
        assertTrue(Files.size(part) > noise.length / 2, "the second attempt added to the part");
        h.origin.heal();
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertStoredAndPlaying();
    }

    @Test
    void originThatIgnoresRangeRestartsFromZero() throws Exception {
        h.origin.misbehave(path, FakeOrigin.Misbehaviour.IGNORE_RANGE);
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertTrue(h.origin.rangeRequests().contains(path + " bytes=" + noise.length / 2 + "-"));
        assertStoredAndPlaying();
    }

    @Test
    void rangeAnswerThatStartsElsewhereRestartsFromZero() throws Exception {
        h.origin.misbehave(path, FakeOrigin.Misbehaviour.WRONG_RANGE);
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        assertStoredAndPlaying();
    }

    @Test
    void partIsNotResumedForAnotherNamedSize() throws Exception {
        // Version 7 names the same SHA-256 with another size: the half from version 6 is not reused.
        int rangesBefore = h.origin.rangeRequests().size();
        BlobRef wrongSize = new BlobRef(FakeOrigin.sha256(noise), noise.length + 10, "image/png");
        Item item = new Item("noise", "Noise", ItemKind.STILL, wrongSize, 10_000, Priority.NORMAL, Rules.ALWAYS, 0);
        h.origin.heal();
        h.origin.put(Bundles.PLAYLIST_PATH, signed(playlist(7, item)));
        SyncOutcome o = h.sync();
        assertEquals(Kind.REJECTED, o.kind(), o.toString());
        assertTrue(o.detail().startsWith("blob-mismatch"), o.detail());
        assertEquals(rangesBefore, h.origin.rangeRequests().size(), "no range request for a part of another size");
        assertFalse(Files.exists(part));
    }

    @Test
    void resumedDownloadNeverGrowsPastTheNamedSize() throws Exception {
        // The resumed request gets an endless body from byte 0 (no range support): restarted, then cut at the size.
        h.origin.misbehave(path, FakeOrigin.Misbehaviour.ENDLESS);
        SyncOutcome o = h.sync();
        assertEquals(Kind.REJECTED, o.kind(), o.toString());
        assertTrue(o.detail().startsWith("blob-too-large"), o.detail());
        assertFalse(Files.exists(part), "a part that failed its check is deleted");
        assertFalse(Files.exists(h.storedBlob(noise)));
        assertEquals(List.of(), List.of(h.state.resolve("tmp").toFile().list()));
    }
}
