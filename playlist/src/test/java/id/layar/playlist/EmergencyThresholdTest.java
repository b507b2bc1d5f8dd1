package id.layar.playlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.testing.TestKeys;
import java.security.KeyPair;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A root may demand 2 of 3 named officials for any playlist that carries an emergency. */
class EmergencyThresholdTest {
    private static final KeyPair OFFICIAL_A = Ed25519.fromSeed(seed(21));
    private static final KeyPair OFFICIAL_B = Ed25519.fromSeed(seed(22));
    private static final KeyPair OFFICIAL_C = Ed25519.fromSeed(seed(23));
    private static final String CH = "simpang-lima";

    private static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    private static TrustedRoot trust() throws Rejection {
        Root root = TestKeys.root().withRole(Root.EMERGENCY_ROLE,
                List.of(OFFICIAL_A.getPublic(), OFFICIAL_B.getPublic(), OFFICIAL_C.getPublic()), 2);
        return TrustedRoot.load(Envelope.sign(Envelope.ROOT_TYPE, root.toPayload(), List.of(TestKeys.signing(TestKeys.ROOT))).toBytes());
    }

    private static Playlist withEmergency() {
        Playlist base = TestKeys.playlist(CH, 4, TestKeys.ISSUED, TestKeys.EXPIRES);
        Item flood = new Item("banjir", "Peringatan banjir", ItemKind.STILL, new BlobRef("b".repeat(64), 99, "image/png"),
                15_000, Priority.EMERGENCY, Rules.ALWAYS, 0);
        return new Playlist(CH, 4, base.issued(), base.expires(), ZoneId.of("Asia/Jakarta"), base.panel(),
                List.of(base.items().get(0), flood));
    }

    @Test
    void falseAlarmSignedOnlyWithTheDayToDayKeyIsRejected() throws Rejection {
        TrustedRoot t = trust();
        byte[] env = TestKeys.sign(withEmergency(), TestKeys.SIGNER);
        Rejection r = assertThrows(Rejection.class, () -> t.verifyPlaylist(env, CH, 0, TestKeys.NOW));
        assertEquals(Reason.THRESHOLD_NOT_MET, r.reason());
    }

    @Test
    void emergencyWithOneOfficialIsRejectedAndWithTwoAccepted() throws Rejection {
        TrustedRoot t = trust();
        byte[] one = TestKeys.sign(withEmergency(), TestKeys.SIGNER, OFFICIAL_A);
        assertEquals(Reason.THRESHOLD_NOT_MET, assertThrows(Rejection.class, () -> t.verifyPlaylist(one, CH, 0, TestKeys.NOW)).reason());
        byte[] two = TestKeys.sign(withEmergency(), TestKeys.SIGNER, OFFICIAL_A, OFFICIAL_C);
        assertEquals(2, t.verifyPlaylist(two, CH, 0, TestKeys.NOW).playlist().items().size());
    }

    @Test
    void officialsAloneCannotSignAPlaylist() throws Rejection {
        TrustedRoot t = trust();
        byte[] env = TestKeys.sign(withEmergency(), OFFICIAL_A, OFFICIAL_B);
        assertEquals(Reason.UNKNOWN_KEY, assertThrows(Rejection.class, () -> t.verifyPlaylist(env, CH, 0, TestKeys.NOW)).reason());
    }

    @Test
    void ordinaryPlaylistNeedsOnlyTheSigner() throws Rejection {
        byte[] env = TestKeys.sign(TestKeys.playlist(CH, 4, TestKeys.ISSUED, TestKeys.EXPIRES), TestKeys.SIGNER);
        assertEquals(4, trust().verifyPlaylist(env, CH, 0, TestKeys.NOW).playlist().version());
    }
}
