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

    @Test
    void rotatedRootWinsUnlessTheProvisionedOneIsNewer() throws Exception {
        StateStore s = StateStore.open(dir);
        TrustedRoot v1 = TrustedRoot.load(TestKeys.rootEnvelope());
        Path provisioned = dir.resolve("root.json.provisioned");
        assertEquals(1, s.chooseRoot(v1, provisioned).root().root().version(), "no rotated root yet");
        id.layar.playlist.Root r2 = id.layar.playlist.Root.of(2, TestKeys.ROOT_EXPIRES, Keys.NEW_ROOT.getPublic(),
                java.util.List.of(Keys.NEW_SIGNER.getPublic()), 1);
        TrustedRoot v2 = v1.rotate(Keys.signRoot(r2, TestKeys.ROOT, Keys.NEW_ROOT), TestKeys.NOW);
        s.saveRoot(v2);
        StateStore.RootChoice c = s.chooseRoot(v1, provisioned);
        assertEquals(2, c.root().root().version());
        assertEquals(s.rootFile(), c.from());
        TrustedRoot v3 = TrustedRoot.load(Keys.signRoot(r2.successor(3, TestKeys.ROOT_EXPIRES), Keys.NEW_ROOT));
        assertEquals(3, s.chooseRoot(v3, provisioned).root().root().version(), "re-provisioning with a newer root wins");
        Files.writeString(s.rootFile(), "{garbage");
        StateStore.RootChoice damaged = s.chooseRoot(v1, provisioned);
        assertEquals(1, damaged.root().root().version());
        assertTrue(damaged.notice().contains("not valid"), damaged.notice());
    }

    @Test
    void trustFileRoundTripsAndADamagedOneIsReportedNotFatal() throws Exception {
        StateStore s = StateStore.open(dir);
        java.util.List<String> problems = new java.util.ArrayList<>();
        assertEquals(StateStore.Trust.NONE, s.readTrust(problems));
        StateStore.Trust t = StateStore.Trust.NONE.accept(TestKeys.ISSUED, 7).accept(TestKeys.ISSUED.minusSeconds(60), 6);
        assertEquals(new StateStore.Trust(TestKeys.ISSUED, 7), t, "the floor and the version only move forward");
        s.writeTrust(t);
        assertEquals(t, s.readTrust(problems));
        Files.writeString(s.trustFile(), "{\"floor\": 12}");
        assertEquals(StateStore.Trust.NONE, s.readTrust(problems));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("trust.json"), problems.get(0));
    }

    @Test
    void onlyOneProcessWritesTheStateFolder() throws Exception {
        try (StateStore first = StateStore.openExclusive(dir)) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> StateStore.openExclusive(dir));
            assertTrue(e.getMessage().contains("in use by another edge-agent"), e.getMessage());
        }
        StateStore.openExclusive(dir).close();
    }
}
