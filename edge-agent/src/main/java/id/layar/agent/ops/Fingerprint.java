package id.layar.agent.ops;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A trusted root's fingerprint: the SHA-256 of the exact root.json bytes, lower-case hex in groups of four
 * ({@code 0897 354f 1eff ...}), the same text {@code content-packager keys init} prints, so a technician can read
 * it against the one staff gave them.
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(byte[] rootJson) {
        String hex;
        try {
            hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rootJson));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            sb.append(i == 0 ? "" : " ").append(hex, i, i + 4);
        }
        return sb.toString();
    }

    /** The hex digits only, lower case: spaces, colons and dashes people type are ignored. */
    static String compact(String fingerprint) {
        return fingerprint == null ? "" : fingerprint.replaceAll("[\\s:\\-]", "").toLowerCase(Locale.ROOT);
    }

    /** Whether a typed fingerprint names the same 64 hex digits. */
    public static boolean same(String a, String b) {
        String x = compact(a);
        return x.length() == 64 && x.equals(compact(b));
    }
}
