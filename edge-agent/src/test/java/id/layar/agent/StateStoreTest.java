package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    private final byte[] red = Bundles.png(Bundles.RED);

    @Test
    void bootRemovesWhatAPowerCutLeftBehind() throws Exception {
        StateStore s = StateStore.open(dir);
        Files.write(s.tmpDir().resolve("abc.part"), new byte[10]);
        Files.write(dir.resolve(AtomicFiles.TEMP_PREFIX + "playlist.json-123.part"), new byte[10]);
        Files.writeString(s.playlistFile(), "whole");
        StateStore.open(dir);
        try (var files = Files.list(s.tmpDir())) {
            assertEquals(0, files.count());
        }
        assertFalse(Files.exists(dir.resolve(AtomicFiles.TEMP_PREFIX + "playlist.json-123.part")));
        assertEquals("whole", Files.readString(s.playlistFile()), "the committed playlist is never touched");
    }

    @Test
    void emptyStoreBootsBlackWithoutAProblem() throws Exception {
        StateStore.Boot b = StateStore.open(dir).load(TrustedRoot.load(TestKeys.rootEnvelope()), Bundles.CHANNEL, TestKeys.NOW);
        assertNull(b.playable());
        assertEquals(0, b.floorVersion());
        assertNull(b.problem());
    }

    @Test
    void storedPlaylistWithItsBlobsPlaysAtBoot() throws Exception {
        StateStore s = StateStore.open(dir);
        byte[] env = Bundles.signed(Bundles.playlist(7, Bundles.still("red", red)));
        s.commitPlaylist(env);
        Files.write(s.blobFile(Bundles.ref(red)), red);
        StateStore.Boot b = s.load(TrustedRoot.load(TestKeys.rootEnvelope()), Bundles.CHANNEL, TestKeys.NOW);
        assertNotNull(b.playable());
        assertEquals(7, b.floorVersion());
        assertNull(b.problem());
    }

    @Test
    void missingBlobAtBootKeepsTheVersionFloorButPlaysNothing() throws Exception {
        StateStore s = StateStore.open(dir);
        s.commitPlaylist(Bundles.signed(Bundles.playlist(7, Bundles.still("red", red))));
        StateStore.Boot b = s.load(TrustedRoot.load(TestKeys.rootEnvelope()), Bundles.CHANNEL, TestKeys.NOW);
        assertNull(b.playable());
        assertEquals(7, b.floorVersion(), "an older playlist must still be refused as a rollback");
        assertTrue(b.problem().contains("missing"), b.problem());
    }

    @Test
    void expiredStoredPlaylistKeepsPlayingAndSaysSo() throws Exception {
        StateStore s = StateStore.open(dir);
        s.commitPlaylist(Bundles.signed(Bundles.playlist(7, Bundles.still("red", red))));
        Files.write(s.blobFile(Bundles.ref(red)), red);
        StateStore.Boot b = s.load(TrustedRoot.load(TestKeys.rootEnvelope()), Bundles.CHANNEL,
                TestKeys.EXPIRES.plus(Duration.ofDays(1)));
        assertNotNull(b.playable());
        assertTrue(b.problem().contains("expired"), b.problem());
    }

    @Test
    void anotherChannelsStoredPlaylistIsNotPlayed() throws Exception {
        StateStore s = StateStore.open(dir);
        s.commitPlaylist(Bundles.signed(Bundles.playlist(7, Bundles.still("red", red))));
        Files.write(s.blobFile(Bundles.ref(red)), red);
        StateStore.Boot b = s.load(TrustedRoot.load(TestKeys.rootEnvelope()), "alun-alun", TestKeys.NOW);
        assertNull(b.playable());
        assertTrue(b.problem().contains("wrong-channel"), b.problem());
    }
}
