package id.layar.playlist.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import id.layar.playlist.Envelope;
import id.layar.playlist.Envelope.SigningKey;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import java.util.List;

/**
 * Whatever bytes arrive, verification ends in a verified playlist or a {@link Rejection}: never another
 * exception, which would take the sync loop down instead of keeping the last good playlist on the wall.
 * {@code mvn test} replays the kept inputs under {@code src/test/resources/id/layar/playlist/fuzz/};
 * {@code JAZZER_FUZZ=1} fuzzes (see .ci/run for the bounded CI run). Crashes found become kept inputs.
 */
class ParserFuzzTest {
    private static final TrustedRoot TRUST = load();
    private static final SigningKey SIGNER = TestKeys.signing(TestKeys.SIGNER);

    private static TrustedRoot load() {
        try {
            return TrustedRoot.load(TestKeys.rootEnvelope());
        } catch (Rejection e) {
            throw new AssertionError(e);
        }
    }

    /** Untrusted bytes straight from an origin. */
    @FuzzTest(maxDuration = "60s")
    void envelopeBytesEndInVerdictNotCrash(byte[] data) {
        try {
            TRUST.verifyPlaylist(data, "simpang-lima", 0, TestKeys.NOW);
        } catch (Rejection expected) {
            // the only allowed failure
        }
    }

    /** A payload that passes the signature check: the decoder is the attack surface of a stolen signing key. */
    @FuzzTest(maxDuration = "60s")
    void signedPayloadEndsInVerdictNotCrash(byte[] payload) {
        byte[] env = Envelope.sign(Envelope.PLAYLIST_TYPE, payload, List.of(SIGNER)).toBytes();
        try {
            TRUST.verifyPlaylist(env, "simpang-lima", 0, TestKeys.NOW);
            TRUST.verifyStored(env, "simpang-lima");
        } catch (Rejection expected) {
            // the only allowed failure
        }
    }

    /** A root file a technician might install, or a rotation an origin might offer. */
    @FuzzTest(maxDuration = "60s")
    void rootBytesEndInVerdictNotCrash(byte[] data) {
        try {
            TRUST.rotate(data, TestKeys.NOW);
        } catch (Rejection expected) {
            // the only allowed failure
        }
        try {
            TrustedRoot.load(data);
        } catch (Rejection expected) {
            // the only allowed failure
        }
    }
}
