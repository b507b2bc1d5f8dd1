package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.Envelope;
import id.layar.playlist.Root;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-agent import} (a bundle on a USB stick, through the same checks and commit as a network pull) and
 * {@code edge-agent verify} (an offline check for technicians and scripts), run in-process with a temp dir.
 */
class ImportVerifyCommandTest {
    @TempDir
    Path dir;
    private Path bundle;
    private Path config;
    private Path state;
    private Path root;
    private final byte[] red = Bundles.png(Bundles.RED);
    private final byte[] green = Bundles.png(Bundles.GREEN);
    /** The playlists' validity runs to 2027-01-01: judge by a fixed moment so the test does not age. */
    private static final String AT = TestKeys.NOW.toString();

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeEach
    void setUp() throws Exception {
        bundle = dir.resolve("usb");
        state = dir.resolve("state");
        root = dir.resolve("root.json");
        Files.write(root, TestKeys.rootEnvelope());
        writeBundle(bundle, Bundles.signed(Bundles.playlist(Bundles.CHANNEL, 5, TestKeys.ISSUED, Instant.parse("2099-01-01T00:00:00Z"),
                Bundles.still("red", red), Bundles.still("green", green))), red, green);
        config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                device: wall-1
                channel: simpang-lima
                origin: http://127.0.0.1:9/
                root: root.json
                state: state
                panel: {width: 64, height: 32}
                api: {port: 0}
                """);
    }

    private static void writeBundle(Path at, byte[] envelope, byte[]... blobs) throws Exception {
        Files.createDirectories(at.resolve("channels").resolve(Bundles.CHANNEL));
        Files.createDirectories(at.resolve("blobs/sha256"));
        Files.write(at.resolve("root.json"), TestKeys.rootEnvelope());
        Files.write(at.resolve(Bundles.PLAYLIST_PATH), envelope);
        for (byte[] b : blobs) {
            Files.write(at.resolve(Bundles.blobPath(b)), b);
        }
    }

    // ---- verify ----

    @Test
    void verifyAcceptsAWholeBundle() {
        CliRun r = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL, "--at", AT, "--lang", "en");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("is valid for channel simpang-lima: playlist version 5, 2 item(s), 2 blob(s) checked"), r.out());
    }

    @Test
    void verifyNamesEveryBadBlobAndExitsNonZero() throws Exception {
        Files.write(bundle.resolve(Bundles.blobPath(red)), new byte[] {1, 2, 3});
        Files.delete(bundle.resolve(Bundles.blobPath(green)));
        CliRun r = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL, "--at", AT, "--lang", "en");
        assertEquals(Main.EXIT_REJECTED, r.code());
        assertTrue(r.err().contains("is NOT valid: 2 of 2 blob(s) fail their check"), r.err());
        assertTrue(r.err().contains("blob-mismatch") && r.err().contains(FakeOrigin.sha256(red)), r.err());
        assertTrue(r.err().contains(FakeOrigin.sha256(green) + " is missing"), r.err());
    }

    @Test
    void verifyRefusesATamperedPlaylistAnotherChannelAndAnExpiredOne() throws Exception {
        CliRun expired = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL, "--at",
                "2099-06-01T00:00:00Z", "--lang", "en");
        assertEquals(Main.EXIT_REJECTED, expired.code());
        assertTrue(expired.err().contains("expired"), expired.err());
        CliRun channel = run("verify", bundle.toString(), "--root", root.toString(), "--channel", "alun-alun", "--at", AT);
        assertEquals(Main.EXIT_REJECTED, channel.code());
        Envelope e = Envelope.parse(Files.readAllBytes(bundle.resolve(Bundles.PLAYLIST_PATH)));
        byte[] payload = new String(e.payload(), StandardCharsets.UTF_8).replace("Title of red", "Hijacked").getBytes(StandardCharsets.UTF_8);
        Files.write(bundle.resolve(Bundles.PLAYLIST_PATH), new Envelope(e.payloadType(), payload, e.signatures()).toBytes());
        CliRun tampered = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL, "--at", AT);
        assertEquals(Main.EXIT_REJECTED, tampered.code());
        assertTrue(tampered.err().contains("bad-signature"), tampered.err());
    }

    @Test
    void verifyWalksRootRotationsInTheBundle() throws Exception {
        Root v2 = Root.of(2, TestKeys.ROOT_EXPIRES, Keys.NEW_ROOT.getPublic(), List.of(Keys.NEW_SIGNER.getPublic()), 1);
        Files.createDirectories(bundle.resolve("roots"));
        Files.write(bundle.resolve("roots/2.json"), Keys.signRoot(v2, TestKeys.ROOT, Keys.NEW_ROOT));
        Files.write(bundle.resolve(Bundles.PLAYLIST_PATH), TestKeys.sign(Bundles.playlist(6, Bundles.still("red", red)), Keys.NEW_SIGNER));
        CliRun r = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL, "--at", AT, "--lang", "en");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("root version 2"), r.out());
    }

    @Test
    void verifySpeaksIndonesian() throws Exception {
        CliRun ok = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL, "--at", AT, "--lang", "id");
        assertTrue(ok.out().contains("sah untuk kanal simpang-lima: daftar putar versi 5"), ok.out());
        Files.write(bundle.resolve(Bundles.blobPath(red)), new byte[] {1});
        CliRun bad = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL, "--at", AT, "--lang", "id");
        assertTrue(bad.err().contains("TIDAK sah: 1 dari 2 blob gagal diperiksa"), bad.err());
    }

    @Test
    void verifyWithAnUnusableRootIsAConfigError() throws Exception {
        Files.writeString(root, "{}");
        CliRun r = run("verify", bundle.toString(), "--root", root.toString(), "--channel", Bundles.CHANNEL);
        assertEquals(Main.EXIT_CONFIG, r.code());
        assertTrue(r.err().contains(root.toString()), r.err());
    }

    // ---- import ----

    @Test
    void importAcceptsThroughTheSameChecksAndCommitAsANetworkPull() throws Exception {
        CliRun r = run("import", bundle.toString(), "--config", config.toString(), "--lang", "en");
        assertEquals(Main.EXIT_OK, r.code(), r.err());
        assertTrue(r.out().contains("version 5 with 2 item(s) now plays"), r.out());
        assertArrayEquals(Files.readAllBytes(bundle.resolve(Bundles.PLAYLIST_PATH)), Files.readAllBytes(state.resolve("playlist.json")));
        assertTrue(Files.exists(state.resolve("trust.json")));
        // What the agent will boot from verifies, blobs included.
        StateStore.Boot boot = StateStore.open(state).load(TrustedRoot.load(TestKeys.rootEnvelope()), Bundles.CHANNEL, TestKeys.NOW);
        assertEquals(5, boot.playable().playlist().version());
        assertEquals(0, Files.list(state.resolve("tmp")).count());

        CliRun again = run("import", bundle.toString(), "--config", config.toString(), "--lang", "en");
        assertEquals(Main.EXIT_OK, again.code(), again.err());
        assertTrue(again.out().contains("Nothing new") && again.out().contains("already playing"), again.out());
    }

    @Test
    void importRefusesATamperedBundleAndChangesNothing() throws Exception {
        Files.write(bundle.resolve(Bundles.blobPath(green)), red);
        CliRun r = run("import", bundle.toString(), "--config", config.toString(), "--lang", "en");
        assertEquals(Main.EXIT_REJECTED, r.code(), r.out());
        assertTrue(r.err().contains("Refused") && r.err().contains("blob-mismatch"), r.err());
        assertFalse(Files.exists(state.resolve("playlist.json")));
        assertEquals(0, Files.list(state.resolve("tmp")).count(), "nothing half-written");
        assertFalse(Files.exists(state.resolve(Bundles.blobPath(green))));
    }

    @Test
    void importOfAnOlderVersionIsARollback() throws Exception {
        assertEquals(Main.EXIT_OK, run("import", bundle.toString(), "--config", config.toString()).code());
        Path older = dir.resolve("older");
        writeBundle(older, Bundles.signed(Bundles.playlist(4, Bundles.still("red", red))), red);
        CliRun r = run("import", older.toString(), "--config", config.toString(), "--lang", "en");
        assertEquals(Main.EXIT_REJECTED, r.code());
        assertTrue(r.err().contains("rollback"), r.err());
    }

    @Test
    void importRefusesWhileTheAgentHoldsTheStateFolder() throws Exception {
        try (StateStore running = StateStore.openExclusive(state)) {
            CliRun r = run("import", bundle.toString(), "--config", config.toString(), "--lang", "en");
            assertEquals(Main.EXIT_START, r.code());
            assertTrue(r.err().contains("in use by another edge-agent"), r.err());
        }
        assertEquals(Main.EXIT_OK, run("import", bundle.toString(), "--config", config.toString()).code(), "after the agent stops");
    }

    @Test
    void importOfAFolderWithoutTheChannelFailsWithTheReason() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun r = run("import", empty.toString(), "--config", config.toString(), "--lang", "id");
        assertEquals(Main.EXIT_FAILED, r.code());
        assertTrue(r.err().contains("Impor") && r.err().contains("no playlist for channel simpang-lima"), r.err());
    }

    @Test
    void importedContentPlaysWhenTheAgentStarts() throws Exception {
        assertEquals(Main.EXIT_OK, run("import", bundle.toString(), "--config", config.toString()).code());
        Agent.Booted b = Agent.boot(AgentConfig.load(config), Clock.systemUTC());
        try {
            assertEquals(5, b.state().accepted.get().playlist().version());
        } finally {
            b.store().close();
        }
    }
}
