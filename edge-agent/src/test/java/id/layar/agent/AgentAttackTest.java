package id.layar.agent;

import static id.layar.agent.Bundles.blobPath;
import static id.layar.agent.Bundles.playlist;
import static id.layar.agent.Bundles.publish;
import static id.layar.agent.Bundles.signed;
import static id.layar.agent.Bundles.still;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.SyncOutcome.Kind;
import id.layar.playlist.Envelope;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Json;
import id.layar.playlist.PlaylistCodec;
import id.layar.playlist.Priority;
import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.Root;
import id.layar.playlist.Rules;
import id.layar.playlist.testing.MutableClock;
import id.layar.playlist.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks at the agent level, each named after what it tries: every one leaves the last good playlist playing and
 * names the reason in /status (python-tuf's and tuf-conformance's habit).
 */
@ExtendWith(VertxExtension.class)
class AgentAttackTest {
    private static final long V = 5;
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

    private void playingRed(byte[] envelope) throws Exception {
        publish(h.origin, envelope, red);
        h.start();
        assertEquals(Kind.ACCEPTED, h.agent.status().lastSync().outcome(), () -> h.agent.status().toString());
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        h.origin.put(blobPath(green), green);
    }

    private void assertRefused(byte[] envelope, Reason reason) throws Exception {
        h.assertRefusedKeepsPlaying(envelope, reason, V, "red", Bundles.solid(Bundles.RED));
    }

    // ---- thresholds ----

    @Test
    void emergencySignedOnlyByTheDayToDayKeyIsRefused() throws Exception {
        Root root = TestKeys.root().withRole(Root.EMERGENCY_ROLE,
                List.of(Keys.EMERGENCY_1.getPublic(), Keys.EMERGENCY_2.getPublic()), 2);
        Files.write(h.rootFile, Keys.signRoot(root, TestKeys.ROOT));
        playingRed(signed(playlist(V, still("red", red))));
        Item alarm = new Item("banjir", "Peringatan banjir", ItemKind.STILL, Bundles.ref(green), 10_000, Priority.EMERGENCY,
                Rules.ALWAYS, 0);
        var hijack = playlist(V + 1, alarm);
        assertRefused(TestKeys.sign(hijack, TestKeys.SIGNER), Reason.THRESHOLD_NOT_MET);
        assertRefused(TestKeys.sign(hijack, TestKeys.SIGNER, Keys.EMERGENCY_1), Reason.THRESHOLD_NOT_MET);
        // Control: with both named officials it is accepted.
        h.origin.put(Bundles.PLAYLIST_PATH, TestKeys.sign(hijack, TestKeys.SIGNER, Keys.EMERGENCY_1, Keys.EMERGENCY_2));
        assertEquals(Kind.ACCEPTED, h.sync().kind());
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "the properly signed emergency");
    }

    @Test
    void sameSignatureTwiceDoesNotMeetAThresholdOfTwo() throws Exception {
        Root twoOfTwo = Root.of(1, TestKeys.ROOT_EXPIRES, TestKeys.ROOT.getPublic(),
                List.of(TestKeys.SIGNER.getPublic(), Keys.SIGNER_2.getPublic()), 2);
        Files.write(h.rootFile, Keys.signRoot(twoOfTwo, TestKeys.ROOT));
        playingRed(TestKeys.sign(playlist(V, still("red", red)), TestKeys.SIGNER, Keys.SIGNER_2));
        Envelope one = Envelope.parse(TestKeys.sign(playlist(V + 1, still("green", green)), TestKeys.SIGNER));
        Envelope twice = new Envelope(one.payloadType(), one.payload(), List.of(one.signatures().get(0), one.signatures().get(0)));
        assertRefused(twice.toBytes(), Reason.THRESHOLD_NOT_MET);
    }

    @Test
    void rootKeySigningAPlaylistIsRefused() throws Exception {
        playingRed(signed(playlist(V, still("red", red))));
        assertRefused(TestKeys.sign(playlist(V + 1, still("green", green)), TestKeys.ROOT), Reason.UNKNOWN_KEY);
    }

    // ---- freeze ----

    @Test
    void freezeAttackReplaysAnExpiredPlaylistWithTheClockSetBack() throws Exception {
        // Accepted: version 5, signed 2026-12-20, so trusted time is at least that from now on.
        Instant signedAt = Instant.parse("2026-12-20T00:00:00Z");
        playingRed(signed(playlist(Bundles.CHANNEL, V, signedAt, signedAt.plus(Duration.ofDays(90)), still("red", red))));
        // The attacker holds an old but validly signed playlist (a newer version number, expired 2026-12-01) and sets
        // the device's clock back to before that expiry.
        byte[] stale = signed(playlist(Bundles.CHANNEL, V + 3, Instant.parse("2026-11-02T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"), still("green", green)));
        clock.set(Instant.parse("2026-11-15T00:00:00Z"));
        var s = h.assertRefusedKeepsPlaying(stale, Reason.EXPIRED, V, "red", Bundles.solid(Bundles.RED));
        assertTrue(s.getJsonObject("clock").getBoolean("behind"), s.encodePrettily());
        // The floor survives a restart: even from 1970 the replay stays refused.
        h.stopAgent();
        clock.set(Instant.EPOCH);
        h.start();
        assertEquals(Kind.REJECTED, h.agent.status().lastSync().outcome());
        assertEquals("expired", h.agent.status().lastRejection().reason());
        h.assertPanelStays(Bundles.solid(Bundles.RED), "red");
    }

    // ---- blob names ----

    private byte[] withBlobName(String sha256) {
        String payload = new String(PlaylistCodec.encode(playlist(V + 1, still("green", green))), StandardCharsets.UTF_8)
                .replace(FakeOrigin.sha256(green), sha256);
        return Bundles.signPayload(Json.canonical(Json.parseObject(payload.getBytes(StandardCharsets.UTF_8))), TestKeys.SIGNER);
    }

    private Set<String> filesUnder(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void blobNamedByPathTraversalIsMalformedAndNothingIsWrittenOutsideTheState() throws Exception {
        playingRed(signed(playlist(V, still("red", red))));
        Set<String> before = filesUnder(h.dir);
        int requests = h.origin.totalRequests();
        assertRefused(withBlobName("../../etc/passwd"), Reason.MALFORMED);
        assertEquals(before, filesUnder(h.dir), "no file was created or removed");
        assertEquals(requests + 2, h.origin.totalRequests(), "only the root probe and the playlist were fetched, no blob");
    }

    @Test
    void upperCaseHexBlobNameIsMalformed() throws Exception {
        playingRed(signed(playlist(V, still("red", red))));
        assertRefused(withBlobName(FakeOrigin.sha256(green).toUpperCase(java.util.Locale.ROOT)), Reason.MALFORMED);
        assertFalse(Files.exists(h.storedBlob(green)));
    }

    // ---- encodings ----

    @Test
    void oversizedPlaylistIsRefusedWithoutReadingItAll() throws Exception {
        playingRed(signed(playlist(V, still("red", red))));
        h.origin.misbehave(Bundles.PLAYLIST_PATH, FakeOrigin.Misbehaviour.ENDLESS);
        assertRefused(signed(playlist(V + 1, still("green", green))), Reason.OVERSIZED);
        assertTrue(h.origin.endlessBytesSent() < 2 * Json.MAX_DOCUMENT_BYTES, h.origin.endlessBytesSent() + " bytes were sent");
    }

    @Test
    void duplicateKeysInASignedPayloadAreMalformed() throws Exception {
        playingRed(signed(playlist(V, still("red", red))));
        String canonical = new String(PlaylistCodec.encode(playlist(V + 1, still("green", green))), StandardCharsets.UTF_8);
        String duplicated = canonical.substring(0, canonical.length() - 1) + ",\"version\":99}";
        assertRefused(Bundles.signPayload(duplicated.getBytes(StandardCharsets.UTF_8), TestKeys.SIGNER), Reason.MALFORMED);
    }

    @Test
    void duplicateKeysInTheEnvelopeAreMalformed() throws Exception {
        playingRed(signed(playlist(V, still("red", red))));
        String env = new String(signed(playlist(V + 1, still("green", green))), StandardCharsets.UTF_8);
        String other = java.util.Base64.getEncoder().encodeToString(PlaylistCodec.encode(playlist(V + 2, still("green", green))));
        String twice = env.replaceFirst("\\{\"payload\":", "{\"payload\":\"" + other + "\",\"payload\":");
        assertRefused(twice.getBytes(StandardCharsets.UTF_8), Reason.MALFORMED);
    }

    @Test
    void nonCanonicalPayloadWithExtraWhiteSpaceIsMalformed() throws Exception {
        playingRed(signed(playlist(V, still("red", red))));
        String pretty = Json.pretty(Json.parseObject(PlaylistCodec.encode(playlist(V + 1, still("green", green)))));
        assertRefused(Bundles.signPayload(pretty.getBytes(StandardCharsets.UTF_8), TestKeys.SIGNER), Reason.MALFORMED);
    }
}
