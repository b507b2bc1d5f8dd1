package id.layar.agent;

import id.layar.playlist.Ed25519;
import id.layar.playlist.Envelope;
import id.layar.playlist.Root;
import java.security.KeyPair;
import java.util.Arrays;

/** Keys beyond {@link id.layar.playlist.testing.TestKeys} for rotation and threshold tests (seeds in this file: tests only). */
final class Keys {
    static final KeyPair NEW_ROOT = Ed25519.fromSeed(seed(11));
    static final KeyPair NEW_SIGNER = Ed25519.fromSeed(seed(12));
    static final KeyPair EMERGENCY_1 = Ed25519.fromSeed(seed(21));
    static final KeyPair EMERGENCY_2 = Ed25519.fromSeed(seed(22));
    static final KeyPair SIGNER_2 = Ed25519.fromSeed(seed(31));

    private Keys() {
    }

    private static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    /** A root envelope signed by the given keys. */
    static byte[] signRoot(Root root, KeyPair... keys) {
        return Envelope.sign(Envelope.ROOT_TYPE, root.toPayload(), Arrays.stream(keys).map(Envelope.SigningKey::of).toList()).toBytes();
    }
}
