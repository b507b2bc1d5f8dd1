package id.layar.agent.ops;

import static id.layar.agent.ops.OpsFixtures.CHANNEL;
import static id.layar.agent.ops.OpsFixtures.PLAYLIST_PATH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.AgentConfig;
import id.layar.agent.ops.OpsFixtures.Run;
import id.layar.agent.ops.OpsFixtures.TestOrigin;
import id.layar.playlist.Envelope;
import id.layar.playlist.Root;
import id.layar.playlist.testing.TestKeys;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionCommandTest {
    @TempDir
    Path tmp;

    TestOrigin origin;
    Path kitRoot;
    Path etc;
    String fingerprint;

    @BeforeEach
    void setUp() throws Exception {
        origin = new TestOrigin().withBundle();
        kitRoot = tmp.resolve("usb/root.json");
        Files.createDirectories(kitRoot.getParent());
        Files.write(kitRoot, TestKeys.rootEnvelope());
        etc = tmp.resolve("etc/layar");
        fingerprint = Fingerprint.of(TestKeys.rootEnvelope());
    }

    @AfterEach
    void tearDown() {
        origin.close();
    }

    private ProvisionCommand command(String answers) {
        ProvisionCommand c = new ProvisionCommand();
        c.clock = OpsFixtures.CLOCK;
        c.hostName = "simpang-lima-01";
        c.input = new BufferedReader(new StringReader(answers == null ? "" : answers));
        return c;
    }

    private Run provision(String answers, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", etc.resolve("agent.yaml").toString(), "--state",
                tmp.resolve("state").toString()));
        if (!Arrays.asList(args).contains("--lang")) {
            all.addAll(List.of("--lang", "en"));
        }
        all.addAll(Arrays.asList(args));
        return OpsFixtures.run(command(answers), all.toArray(String[]::new));
    }

    private Run scripted(String... extra) {
        List<String> all = new ArrayList<>(List.of("--yes", "--origin", origin.base().toString(), "--channel", CHANNEL,
                "--device", "simpang-lima-01", "--root", kitRoot.toString(), "--fingerprint", fingerprint));
        all.addAll(Arrays.asList(extra));
        return provision(null, all.toArray(String[]::new));
    }

    private void assertNothingWritten(Run r) {
        assertFalse(Files.exists(etc.resolve("agent.yaml")), "agent.yaml must not be written\n" + r.all());
        assertFalse(Files.exists(etc.resolve("root.json")), "root.json must not be written\n" + r.all());
        assertTrue(r.err().contains("Nothing was written."), r.all());
    }

    @Test
    void writesAConfigTheAgentLoadsAfterVerifyingThePlaylist() throws Exception {
        Run r = scripted();
        assertEquals(0, r.code(), r.all());
        AgentConfig cfg = AgentConfig.load(etc.resolve("agent.yaml"));
        assertEquals("simpang-lima-01", cfg.device());
        assertEquals(CHANNEL, cfg.channel());
        assertEquals(origin.base(), cfg.origin());
        assertEquals(etc.resolve("root.json"), cfg.root());
        assertEquals(OpsFixtures.W, cfg.width(), "the panel size defaults to the playlist's");
        assertEquals(OpsFixtures.H, cfg.height());
        assertEquals(AgentConfig.OUTPUT_VIRTUAL, cfg.output());
        assertArrayEquals(TestKeys.rootEnvelope(), Files.readAllBytes(etc.resolve("root.json")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("agent.yaml"))),
                "the config may hold broker secrets: not world-readable");
        assertTrue(r.out().contains(fingerprint), r.out());
        assertTrue(r.out().contains("Verified: channel simpang-lima, playlist version 1"), r.out());
        assertTrue(r.out().contains("sudo systemctl enable --now layar-agent"), r.out());
        assertTrue(Files.readString(etc.resolve("agent.yaml")).contains("# Broker (MQTT): not configured"));
    }

    @Test
    void fingerprintUsesTheSameGroupsAsThePackager() {
        assertTrue(fingerprint.matches("([0-9a-f]{4} ){15}[0-9a-f]{4}"), fingerprint);
        assertTrue(Fingerprint.same(fingerprint.replace(" ", "").toUpperCase(), fingerprint));
        assertFalse(Fingerprint.same("0897 354f", fingerprint));
    }

    @Test
    void rootWithAnotherFingerprintIsRefusedAndNothingIsWritten() {
        String other = "0000" + fingerprint.substring(4);
        Run r = provision(null, "--yes", "--origin", origin.base().toString(), "--channel", CHANNEL, "--device", "wall-1",
                "--root", kitRoot.toString(), "--fingerprint", other);
        assertEquals(ProvisionCommand.EXIT_REJECTED, r.code(), r.all());
        assertTrue(r.err().contains("does NOT match"), r.err());
        assertNothingWritten(r);
    }

    @Test
    void playlistForAnotherChannelIsRefusedAndNothingIsWritten() {
        origin.files.put(PLAYLIST_PATH, OpsFixtures.signed(OpsFixtures.playlist("balai-kota", 3)));
        Run r = scripted();
        assertEquals(ProvisionCommand.EXIT_REJECTED, r.code(), r.all());
        assertTrue(r.err().contains("wrong-channel"), r.err());
        assertNothingWritten(r);
    }

    @Test
    void playlistSignedByAStrangerIsRefusedAndNothingIsWritten() {
        origin.files.put(PLAYLIST_PATH, OpsFixtures.signed(OpsFixtures.playlist(CHANNEL, 2), TestKeys.STRANGER));
        Run r = scripted();
        assertEquals(ProvisionCommand.EXIT_REJECTED, r.code(), r.all());
        assertNothingWritten(r);
    }

    @Test
    void unreachableOriginFailsAndNothingIsWritten() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = provision(null, "--yes", "--origin", "http://127.0.0.1:" + closed + "/", "--channel", CHANNEL, "--device", "wall-1",
                "--root", kitRoot.toString());
        assertEquals(ProvisionCommand.EXIT_FAILED, r.code(), r.all());
        assertTrue(r.err().contains("Check the network"), r.err());
        assertNothingWritten(r);
    }

    @Test
    void missingChannelOnTheOriginNamesTheFix() {
        origin.files.remove(PLAYLIST_PATH);
        Run r = scripted();
        assertEquals(ProvisionCommand.EXIT_FAILED, r.code(), r.all());
        assertTrue(r.err().contains("no playlist for channel simpang-lima"), r.err());
        assertNothingWritten(r);
    }

    @Test
    void followsARootRotationOnTheOriginLikeTheAgent() {
        Root v2 = TestKeys.root().withRole(Root.PLAYLIST_ROLE, List.of(TestKeys.STRANGER.getPublic()), 1)
                .successor(2, TestKeys.ROOT_EXPIRES);
        origin.files.put("roots/2.json", Envelope.sign(Envelope.ROOT_TYPE, v2.toPayload(),
                List.of(TestKeys.signing(TestKeys.ROOT))).toBytes());
        origin.files.put(PLAYLIST_PATH, OpsFixtures.signed(OpsFixtures.playlist(CHANNEL, 4), TestKeys.STRANGER));
        Run r = scripted();
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("now trusting root version 2"), r.out());
    }

    @Test
    void asksForWhatIsMissingAndWritesTheBrokerAndATechnicianToken() throws Exception {
        String answers = String.join("\n", origin.base().toString(), CHANNEL, "", kitRoot.toString(), "y", "",
                "mqtts://broker.example.go.id:8883", "s3cret-pass") + "\n";
        Run r = provision(answers);
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("Is this the same fingerprint staff gave you"), r.out());
        assertFalse(r.out().contains("s3cret-pass"), "the password is never echoed");
        String yaml = Files.readString(etc.resolve("agent.yaml"), StandardCharsets.UTF_8);
        assertTrue(yaml.contains("device: simpang-lima-01"), "the host name is the default device id\n" + yaml);
        assertTrue(yaml.contains("\nmqtt:\n  url: \"mqtts://broker.example.go.id:8883\"\n  username: \"simpang-lima-01\"\n"
                + "  password: \"s3cret-pass\"\n"), yaml);
        ConfigText.BrokerRef ref = ConfigText.brokerIn(yaml);
        assertNotNull(ref);
        assertEquals("broker.example.go.id", ref.url().getHost());
        assertTrue(ref.active());
        AgentConfig cfg = AgentConfig.load(etc.resolve("agent.yaml"));
        assertEquals("s3cret-pass", cfg.mqtt().password());
        assertEquals("simpang-lima-01", cfg.mqtt().usernameFor(cfg.device()));
        assertNotNull(cfg.apiToken(), "provision always writes a technician token");
        assertTrue(r.out().contains(cfg.apiToken()), "and shows it once");
        // Provisioning again keeps the token, so the technician's bookmark still works.
        assertEquals(0, provision(answers).code());
        assertEquals(cfg.apiToken(), AgentConfig.load(etc.resolve("agent.yaml")).apiToken());
    }

    @Test
    void notConfirmingTheFingerprintWritesNothing() {
        String answers = String.join("\n", origin.base().toString(), CHANNEL, "wall-1", kitRoot.toString(), "n") + "\n";
        Run r = provision(answers);
        assertEquals(ProvisionCommand.EXIT_REJECTED, r.code(), r.all());
        assertNothingWritten(r);
    }

    @Test
    void scriptedRootFromTheOriginNeedsAFingerprint() {
        Run r = provision(null, "--yes", "--origin", origin.base().toString(), "--channel", CHANNEL, "--device", "wall-1");
        assertEquals(ProvisionCommand.EXIT_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("--fingerprint"), r.err());
        assertNothingWritten(r);

        Run ok = provision(null, "--yes", "--origin", origin.base().toString(), "--channel", CHANNEL, "--device", "wall-1",
                "--fingerprint", fingerprint.replace(" ", ""));
        assertEquals(0, ok.code(), ok.all());
    }

    @Test
    void unknownOutputIsRefusedBeforeAnythingIsFetched() {
        Run r = scripted("--output", "hologram");
        assertEquals(ProvisionCommand.EXIT_INPUT, r.code(), r.all());
        assertTrue(r.err().contains("hologram"), r.err());
        assertNothingWritten(r);
    }

    @Test
    void dryRunVerifiesButWritesNothing() {
        Run r = scripted("--dry-run", "--broker", "mqtt://127.0.0.1:1883", "--broker-password-file", kitRoot.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("--dry-run: nothing written"), r.out());
        assertTrue(r.out().contains("  password: \"********\""), "the password is masked in the preview\n" + r.out());
        assertFalse(Files.exists(etc.resolve("agent.yaml")));
        assertTrue(r.out().contains("  token: \"********\""), "the token is masked too\n" + r.out());
    }

    @Test
    void speaksIndonesian() {
        origin.files.put(PLAYLIST_PATH, OpsFixtures.signed(OpsFixtures.playlist("balai-kota", 3)));
        Run r = provision(null, "--yes", "--origin", origin.base().toString(), "--channel", CHANNEL, "--device", "wall-1",
                "--root", kitRoot.toString(), "--lang", "id");
        assertEquals(ProvisionCommand.EXIT_REJECTED, r.code(), r.all());
        assertTrue(r.err().contains("ditolak"), r.err());
        assertTrue(r.err().contains("Tidak ada yang ditulis."), r.err());
    }
}
