package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import id.layar.playlist.Envelope.SigningKey;
import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.testing.TestKeys;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootRotationTest {
    private static final KeyPair NEW_ROOT = Ed25519.fromSeed(seed(11));
    private static final KeyPair NEW_SIGNER = Ed25519.fromSeed(seed(12));
    private static final String CH = "simpang-lima";

    private static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    private static Root v2() {
        return Root.of(2, TestKeys.ROOT_EXPIRES, NEW_ROOT.getPublic(), List.of(NEW_SIGNER.getPublic()), 1);
    }

    private static byte[] signRoot(Root root, KeyPair... keys) {
        return Envelope.sign(Envelope.ROOT_TYPE, root.toPayload(), Arrays.stream(keys).map(SigningKey::of).toList()).toBytes();
    }

    private static TrustedRoot trusted() throws Rejection {
        return TrustedRoot.load(TestKeys.rootEnvelope());
    }

    @Test
    void rotationSignedByOldAndNewRootIsAccepted() throws Rejection {
        TrustedRoot next = trusted().rotate(signRoot(v2(), TestKeys.ROOT, NEW_ROOT), TestKeys.NOW);
        assertEquals(2, next.root().version());
        byte[] fromNewSigner = TestKeys.sign(TestKeys.playlist(CH, 1, TestKeys.ISSUED, TestKeys.EXPIRES), NEW_SIGNER);
        assertEquals(1, next.verifyPlaylist(fromNewSigner, CH, 0, TestKeys.NOW).playlist().version());
    }

    @Test
    void newRootSignedOnlyByItsOwnKeysIsRejected() throws Rejection {
        TrustedRoot old = trusted();
        Rejection r = assertThrows(Rejection.class, () -> old.rotate(signRoot(v2(), NEW_ROOT), TestKeys.NOW));
        assertEquals(Reason.UNKNOWN_KEY, r.reason());
    }

    @Test
    void newRootNotSignedByItsOwnKeysIsRejected() throws Rejection {
        TrustedRoot old = trusted();
        Rejection r = assertThrows(Rejection.class, () -> old.rotate(signRoot(v2(), TestKeys.ROOT), TestKeys.NOW));
        assertEquals(Reason.UNKNOWN_KEY, r.reason(), r.getMessage());
    }

    @Test
    void rotatedOutSigningKeyCanNoLongerSignPlaylists() throws Rejection {
        TrustedRoot next = trusted().rotate(signRoot(v2(), TestKeys.ROOT, NEW_ROOT), TestKeys.NOW);
        byte[] fromRevoked = TestKeys.sign(TestKeys.playlist(CH, 9, TestKeys.ISSUED, TestKeys.EXPIRES), TestKeys.SIGNER);
        assertEquals(Reason.UNKNOWN_KEY, assertThrows(Rejection.class, () -> next.verifyPlaylist(fromRevoked, CH, 0, TestKeys.NOW)).reason());
    }

    @Test
    void rotatedOutRootKeyCannotSignTheNextRoot() throws Rejection {
        TrustedRoot next = trusted().rotate(signRoot(v2(), TestKeys.ROOT, NEW_ROOT), TestKeys.NOW);
        Root v3 = Root.of(3, TestKeys.ROOT_EXPIRES, TestKeys.ROOT.getPublic(), List.of(TestKeys.SIGNER.getPublic()), 1);
        assertEquals(Reason.UNKNOWN_KEY, assertThrows(Rejection.class, () -> next.rotate(signRoot(v3, TestKeys.ROOT), TestKeys.NOW)).reason());
    }

    @Test
    void rootRollbackOrSkippedVersionIsRejected() throws Rejection {
        TrustedRoot old = trusted();
        Root same = TestKeys.root();
        assertEquals(Reason.ROLLBACK, assertThrows(Rejection.class, () -> old.rotate(signRoot(same, TestKeys.ROOT), TestKeys.NOW)).reason());
        Root skip = Root.of(3, TestKeys.ROOT_EXPIRES, NEW_ROOT.getPublic(), List.of(NEW_SIGNER.getPublic()), 1);
        assertEquals(Reason.ROOT_INVALID, assertThrows(Rejection.class, () -> old.rotate(signRoot(skip, TestKeys.ROOT, NEW_ROOT), TestKeys.NOW)).reason());
    }

    @Test
    void expiredNewRootIsRejected() throws Rejection {
        Root stale = Root.of(2, Instant.parse("2026-11-02T00:00:00Z"), NEW_ROOT.getPublic(), List.of(NEW_SIGNER.getPublic()), 1);
        TrustedRoot old = trusted();
        assertEquals(Reason.EXPIRED, assertThrows(Rejection.class, () -> old.rotate(signRoot(stale, TestKeys.ROOT, NEW_ROOT), TestKeys.NOW)).reason());
    }

    @Test
    void rootThresholdOfTwoNeedsTwoDistinctRootKeys() throws Rejection {
        KeyPair second = Ed25519.fromSeed(seed(13));
        Root twoRootKeys = TestKeys.root().withRole(Root.ROOT_ROLE, List.of(TestKeys.ROOT.getPublic(), second.getPublic()), 2);
        TrustedRoot trust = TrustedRoot.load(signRoot(twoRootKeys, TestKeys.ROOT, second));
        Root next = twoRootKeys.successor(2, TestKeys.ROOT_EXPIRES);
        assertEquals(Reason.THRESHOLD_NOT_MET,
                assertThrows(Rejection.class, () -> trust.rotate(signRoot(next, TestKeys.ROOT, TestKeys.ROOT), TestKeys.NOW)).reason());
        assertEquals(2, trust.rotate(signRoot(next, TestKeys.ROOT, second), TestKeys.NOW).root().version());
    }
}
