package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedRootTest {
    private static final String CH = "simpang-lima";
    private final TrustedRoot trust = load();

    private static TrustedRoot load() {
        try {
            return TrustedRoot.load(TestKeys.rootEnvelope());
        } catch (Rejection e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] signed(long version) {
        return TestKeys.sign(TestKeys.playlist(CH, version, TestKeys.ISSUED, TestKeys.EXPIRES), TestKeys.SIGNER);
    }

    private Reason rejection(byte[] envelope, String channel, long accepted, Instant now) {
        return assertThrows(Rejection.class, () -> trust.verifyPlaylist(envelope, channel, accepted, now)).reason();
    }

    @Test
    void acceptsPlaylistSignedByTheListedSigner() throws Rejection {
        byte[] env = signed(3);
        TrustedRoot.Verified v = trust.verifyPlaylist(env, CH, 2, TestKeys.NOW);
        assertEquals(3, v.playlist().version());
        assertEquals(CH, v.playlist().channel());
        assertArrayEquals(env, v.envelopeBytes());
    }

    @Test
    void rejectsTamperedPayload() {
        Envelope good = Envelope.parse(signed(3));
        byte[] payload = new String(good.payload(), StandardCharsets.UTF_8).replace("\"Info\"", "\"Hack\"").getBytes(StandardCharsets.UTF_8);
        byte[] tampered = new Envelope(good.payloadType(), payload, good.signatures()).toBytes();
        assertEquals(Reason.BAD_SIGNATURE, rejection(tampered, CH, 0, TestKeys.NOW));
    }

    @Test
    void rejectsPlaylistSignedByUnknownKey() {
        byte[] env = TestKeys.sign(TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES), TestKeys.STRANGER);
        assertEquals(Reason.UNKNOWN_KEY, rejection(env, CH, 0, TestKeys.NOW));
    }

    @Test
    void rootKeyCannotSignPlaylists() {
        byte[] env = TestKeys.sign(TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES), TestKeys.ROOT);
        assertEquals(Reason.UNKNOWN_KEY, rejection(env, CH, 0, TestKeys.NOW));
    }

    @Test
    void rejectsUnsignedPlaylist() {
        byte[] env = TestKeys.sign(TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES));
        assertEquals(Reason.THRESHOLD_NOT_MET, rejection(env, CH, 0, TestKeys.NOW));
    }

    @Test
    void sameSignatureTwiceCountsOnceTowardsTheThreshold() throws Rejection {
        Root twoOfTwo = Root.of(1, TestKeys.ROOT_EXPIRES, TestKeys.ROOT.getPublic(),
                List.of(TestKeys.SIGNER.getPublic(), TestKeys.STRANGER.getPublic()), 2);
        TrustedRoot strict = TrustedRoot.load(Envelope.sign(Envelope.ROOT_TYPE, twoOfTwo.toPayload(),
                List.of(TestKeys.signing(TestKeys.ROOT))).toBytes());
        byte[] twice = TestKeys.sign(TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES), TestKeys.SIGNER, TestKeys.SIGNER);
        Rejection r = assertThrows(Rejection.class, () -> strict.verifyPlaylist(twice, CH, 0, TestKeys.NOW));
        assertEquals(Reason.THRESHOLD_NOT_MET, r.reason());
        byte[] both = TestKeys.sign(TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES), TestKeys.SIGNER, TestKeys.STRANGER);
        assertEquals(3, strict.verifyPlaylist(both, CH, 0, TestKeys.NOW).playlist().version());
    }

    @Test
    void rejectsRollbackToLowerVersion() {
        assertEquals(Reason.ROLLBACK, rejection(signed(4), CH, 5, TestKeys.NOW));
    }

    @Test
    void equalVersionVerifiesSoTheCallerCanTreatItAsNoOp() throws Rejection {
        assertEquals(5, trust.verifyPlaylist(signed(5), CH, 5, TestKeys.NOW).playlist().version());
    }

    @Test
    void rejectsExpiredPlaylist() {
        assertEquals(Reason.EXPIRED, rejection(signed(3), CH, 0, TestKeys.EXPIRES));
        assertEquals(Reason.EXPIRED, rejection(signed(3), CH, 0, TestKeys.EXPIRES.plusSeconds(86_400)));
    }

    @Test
    void rejectsAnotherChannelsPlaylist() {
        assertEquals(Reason.WRONG_CHANNEL, rejection(signed(3), "balai-kota", 0, TestKeys.NOW));
    }

    @Test
    void rootEnvelopeCannotBeReplayedAsPlaylist() {
        assertEquals(Reason.WRONG_TYPE, rejection(TestKeys.rootEnvelope(), CH, 0, TestKeys.NOW));
    }

    @Test
    void rejectsEnvelopeWithDuplicateKeys() {
        String env = new String(signed(3), StandardCharsets.UTF_8);
        String dup = env.replaceFirst("\\{", "{\"payloadType\":\"x\",");
        assertEquals(Reason.MALFORMED, rejection(dup.getBytes(StandardCharsets.UTF_8), CH, 0, TestKeys.NOW));
    }

    @Test
    void rejectsOversizedDocumentBeforeParsing() {
        byte[] huge = new byte[Json.MAX_DOCUMENT_BYTES + 1];
        assertEquals(Reason.OVERSIZED, rejection(huge, CH, 0, TestKeys.NOW));
    }

    @Test
    void rejectsNonCanonicalBase64Payload() {
        Envelope good = Envelope.parse(signed(3));
        String b64 = Base64.getEncoder().encodeToString(good.payload());
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString(good.payload());
        assertTrue(!unpadded.equals(b64), "the test payload must need padding");
        String env = new String(good.toBytes(), StandardCharsets.UTF_8).replace(b64, unpadded);
        Rejection r = assertThrows(Rejection.class, () -> trust.verifyPlaylist(env.getBytes(StandardCharsets.UTF_8), CH, 0, TestKeys.NOW));
        assertEquals(Reason.MALFORMED, r.reason());
        assertTrue(r.getMessage().contains("payload"), r.getMessage());
    }

    @Test
    void rootMustBeSignedByItsOwnRootKey() {
        byte[] forged = Envelope.sign(Envelope.ROOT_TYPE, TestKeys.root().toPayload(), List.of(TestKeys.signing(TestKeys.SIGNER))).toBytes();
        assertTrue(assertThrows(Rejection.class, () -> TrustedRoot.load(forged)).getMessage().contains("root"));
    }

    @Test
    void rejectsSignedButMalformedPlaylistWithoutCrashing() {
        byte[] payload = "{\"type\":\"playlist\",\"channel\":\"simpang-lima\"}".getBytes(StandardCharsets.UTF_8);
        byte[] env = Envelope.sign(Envelope.PLAYLIST_TYPE, payload, List.of(TestKeys.signing(TestKeys.SIGNER))).toBytes();
        assertEquals(Reason.MALFORMED, rejection(env, CH, 0, TestKeys.NOW));
    }

    @Test
    void rejectsValidlySignedButNonCanonicalPayload() {
        Playlist p = TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES);
        byte[] spaced = new String(PlaylistCodec.encode(p), StandardCharsets.UTF_8).replace(",", ", ").getBytes(StandardCharsets.UTF_8);
        byte[] env = Envelope.sign(Envelope.PLAYLIST_TYPE, spaced, List.of(TestKeys.signing(TestKeys.SIGNER))).toBytes();
        Rejection r = assertThrows(Rejection.class, () -> trust.verifyPlaylist(env, CH, 0, TestKeys.NOW));
        assertEquals(Reason.MALFORMED, r.reason());
        assertTrue(r.getMessage().contains("canonical"), r.getMessage());
    }

    @Test
    void rejectsSignedPayloadWithDuplicateKeys() {
        String canonical = new String(PlaylistCodec.encode(TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES)), StandardCharsets.UTF_8);
        byte[] dup = canonical.replaceFirst("\\{", "{\"channel\":\"balai-kota\",").getBytes(StandardCharsets.UTF_8);
        byte[] env = Envelope.sign(Envelope.PLAYLIST_TYPE, dup, List.of(TestKeys.signing(TestKeys.SIGNER))).toBytes();
        assertEquals(Reason.MALFORMED, rejection(env, CH, 0, TestKeys.NOW));
    }

    @Test
    void everyItemKindSurvivesTheCanonicalEncoding() {
        for (ItemKind kind : ItemKind.values()) {
            Playlist base = TestKeys.playlist(CH, 3, TestKeys.ISSUED, TestKeys.EXPIRES);
            Item i = base.items().get(0);
            Item k = new Item(i.id(), i.title(), kind, i.blob(), i.durationMs(), i.priority(), i.rules(), kind == ItemKind.TICKER ? 60 : 0);
            Playlist p = new Playlist(CH, 3, base.issued(), base.expires(), base.timezone(), base.panel(), List.of(k));
            assertEquals(kind, PlaylistCodec.decode(PlaylistCodec.encode(p)).items().get(0).kind());
        }
    }
}
