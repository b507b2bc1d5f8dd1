package id.layar.playlist;

import id.layar.playlist.Rejection.Reason;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The device's trust anchor and the pure verification step: envelope bytes in, a verified playlist or a
 * {@link Rejection} out. Nothing in a payload is read for meaning before its signatures meet the threshold.
 */
public final class TrustedRoot {
    private final Root root;
    private final byte[] envelopeBytes;

    private TrustedRoot(Root root, byte[] envelopeBytes) {
        this.root = root;
        this.envelopeBytes = envelopeBytes.clone();
    }

    /**
     * Loads a root provisioned out of band (a file the technician installed), checking that it is signed by
     * the threshold of its own root role.
     */
    public static TrustedRoot load(byte[] rootEnvelope) throws Rejection {
        Envelope env = parseEnvelope(rootEnvelope, Envelope.ROOT_TYPE);
        requireCanonical(env.payload(), "root");
        Root root;
        try {
            root = Root.parse(env.payload());
        } catch (RuntimeException e) {
            throw new Rejection(Reason.ROOT_INVALID, "root: " + e.getMessage(), e);
        }
        // Self-signed: for the provisioned root, trust comes from how it was installed; the threshold check
        // still proves the file is whole and that its own root keys vouch for it.
        requireThreshold(env, root, Root.ROOT_ROLE);
        return new TrustedRoot(root, rootEnvelope);
    }

    public Root root() {
        return root;
    }

    public byte[] envelopeBytes() {
        return envelopeBytes.clone();
    }

    /** A verified playlist with the exact envelope bytes it came in (the only thing ever stored). */
    public record Verified(Playlist playlist, byte[] envelopeBytes) {
    }

    /**
     * Verifies a playlist for this device.
     *
     * @param channel          the device's channel
     * @param acceptedVersion  the version already accepted (0 if none); lower versions are a rollback
     * @param trustedNow       the device's trusted time (never behind the newest signed time accepted)
     */
    public Verified verifyPlaylist(byte[] envelopeBytes, String channel, long acceptedVersion, Instant trustedNow) throws Rejection {
        Playlist p = verifyStored(envelopeBytes, channel).playlist();
        if (p.version() < acceptedVersion) {
            throw new Rejection(Reason.ROLLBACK, "playlist version " + p.version() + " is older than the accepted version " + acceptedVersion);
        }
        if (!trustedNow.isBefore(p.expires())) {
            throw new Rejection(Reason.EXPIRED, "playlist version " + p.version() + " expired at " + p.expires() + " (trusted time " + trustedNow + ")");
        }
        return new Verified(p, envelopeBytes.clone());
    }

    /**
     * Re-verifies the playlist a device accepted earlier (read back from its own disk at boot): signatures,
     * type and channel must still hold under this root. Version and expiry were judged when it arrived; an
     * expired stored playlist is the caller's policy decision, not a reason to go dark.
     */
    public Verified verifyStored(byte[] envelopeBytes, String channel) throws Rejection {
        Envelope env = parseEnvelope(envelopeBytes, Envelope.PLAYLIST_TYPE);
        requireThreshold(env, root, Root.PLAYLIST_ROLE);
        requireCanonical(env.payload(), "playlist");
        Playlist p;
        try {
            p = PlaylistCodec.decode(env.payload());
        } catch (RuntimeException e) {
            throw new Rejection(Reason.MALFORMED, "signed playlist is malformed: " + e.getMessage(), e);
        }
        boolean emergency = p.items().stream().anyMatch(i -> i.priority() == Priority.EMERGENCY);
        if (emergency && root.roles().containsKey(Root.EMERGENCY_ROLE)) {
            Root.Role role = root.role(Root.EMERGENCY_ROLE);
            int valid = validSigners(env, root, role).size();
            if (valid < role.threshold()) {
                throw new Rejection(Reason.THRESHOLD_NOT_MET, "a playlist with an emergency item needs " + role.threshold()
                        + " signatures from the emergency signers the root names; it has " + valid);
            }
        }
        if (!p.channel().equals(channel)) {
            throw new Rejection(Reason.WRONG_CHANNEL, "playlist is for channel '" + p.channel() + "', this device plays '" + channel + "'");
        }
        return new Verified(p, envelopeBytes.clone());
    }

    /**
     * Rotates to a new root (rule 6). The new root must be signed by the threshold of this root's root
     * role AND by the threshold of its own, its version must be exactly one more (a device walks every
     * step, so no rotation is skipped), and it must not have expired. Keys the new root does not list
     * can no longer sign anything.
     */
    public TrustedRoot rotate(byte[] newRootEnvelope, Instant trustedNow) throws Rejection {
        Envelope env = parseEnvelope(newRootEnvelope, Envelope.ROOT_TYPE);
        requireThreshold(env, root, Root.ROOT_ROLE);
        requireCanonical(env.payload(), "root");
        Root next;
        try {
            next = Root.parse(env.payload());
        } catch (RuntimeException e) {
            throw new Rejection(Reason.ROOT_INVALID, "new root: " + e.getMessage(), e);
        }
        requireThreshold(env, next, Root.ROOT_ROLE);
        if (next.version() != root.version() + 1) {
            throw new Rejection(next.version() <= root.version() ? Reason.ROLLBACK : Reason.ROOT_INVALID,
                    "new root has version " + next.version() + "; the next after " + root.version() + " must be " + (root.version() + 1));
        }
        if (!trustedNow.isBefore(next.expires())) {
            throw new Rejection(Reason.EXPIRED, "new root version " + next.version() + " expired at " + next.expires());
        }
        return new TrustedRoot(next, newRootEnvelope);
    }

    /** One encoding per document: the signed bytes must be the canonical form of what they say. */
    private static void requireCanonical(byte[] payload, String what) throws Rejection {
        byte[] canonical;
        try {
            canonical = Json.canonical(Json.parseObject(payload));
        } catch (RuntimeException e) {
            throw new Rejection(Reason.MALFORMED, "signed " + what + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!java.util.Arrays.equals(canonical, payload)) {
            throw new Rejection(Reason.MALFORMED, "signed " + what + " is not in canonical form (sorted keys, no white space)");
        }
    }

    private static Envelope parseEnvelope(byte[] bytes, String expectedType) throws Rejection {
        if (bytes.length > Json.MAX_DOCUMENT_BYTES) {
            throw new Rejection(Reason.OVERSIZED, "document is " + bytes.length + " bytes; the limit is " + Json.MAX_DOCUMENT_BYTES);
        }
        Envelope env;
        try {
            env = Envelope.parse(bytes);
        } catch (RuntimeException e) {
            throw new Rejection(Reason.MALFORMED, "envelope: " + e.getMessage(), e);
        }
        if (!expectedType.equals(env.payloadType())) {
            throw new Rejection(Reason.WRONG_TYPE, "expected payload type " + expectedType + ", found " + env.payloadType());
        }
        return env;
    }

    /** The distinct keys of a role whose signature over the envelope is valid. */
    private static Set<String> validSigners(Envelope env, Root root, Root.Role role) {
        Set<String> valid = new HashSet<>();
        for (Envelope.Sig sig : env.signatures()) {
            PublicKey key = role.keyIds().contains(sig.keyid()) ? root.keys().get(sig.keyid()) : null;
            if (key != null && !valid.contains(sig.keyid()) && env.verifiedBy(key, sig)) {
                valid.add(sig.keyid());
            }
        }
        return valid;
    }

    /** Counts distinct keys of the role with a valid signature; the same key twice counts once. */
    private static void requireThreshold(Envelope env, Root root, String roleName) throws Rejection {
        Root.Role role = root.role(roleName);
        Set<String> valid = validSigners(env, root, role);
        if (valid.size() >= role.threshold()) {
            return;
        }
        int unknown = 0;
        int invalid = 0;
        for (Envelope.Sig sig : env.signatures()) {
            if (!role.keyIds().contains(sig.keyid()) || !root.keys().containsKey(sig.keyid())) {
                unknown++;
            } else if (!valid.contains(sig.keyid())) {
                invalid++;
            }
        }
        if (invalid > 0) {
            throw new Rejection(Reason.BAD_SIGNATURE, invalid + " signature(s) by " + roleName + " keys do not match the content (tampered or corrupt)");
        }
        if (valid.isEmpty() && unknown > 0) {
            throw new Rejection(Reason.UNKNOWN_KEY, "signed only by key(s) the trusted root does not list for role '" + roleName + "'");
        }
        throw new Rejection(Reason.THRESHOLD_NOT_MET, valid.size() + " valid signature(s) for role '" + roleName
                + "'; the trusted root requires " + role.threshold());
    }
}
