package id.layar.packager.serve;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import io.moquette.broker.security.IAuthenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The users of the embedded broker, from a password file in Moquette's format: one {@code user:sha256} line per user,
 * where {@code sha256} is the lower-case hex SHA-256 of the password's UTF-8 bytes; blank lines and lines starting with
 * {@code #} are ignored. Make a line with
 * <pre>printf '%s:%s\n' simpang-lima-01 "$(printf '%s' "$pw" | sha256sum | cut -d' ' -f1)" >> broker.passwd</pre>
 *
 * <p>Read strictly, unlike Moquette's own reader (which logs a bad line and carries on): every bad line is an error
 * naming the file and the line, and the line is never echoed (it could be a password pasted in by mistake).
 *
 * <p>Besides the file's users, {@code serve} adds one internal user with a random password for its own plays
 * collector ({@link #withInternal}); it exists only in memory for one run.
 */
public final class BrokerPasswords implements IAuthenticator {
    /** The plays collector of {@code serve}; a device must not be called this. */
    public static final String INTERNAL_USER = "layar-serve-collector";
    private static final Pattern USER = Pattern.compile("[^\\s:+#/]{1,128}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Map<String, byte[]> hashes;

    private BrokerPasswords(Map<String, byte[]> hashes) {
        this.hashes = hashes;
    }

    /**
     * Reads a password file.
     *
     * @throws PackagerException INVALID_INPUT naming {@code file:line} and the expected form
     */
    public static BrokerPasswords read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String user = colon < 0 ? "" : line.substring(0, colon);
            String hash = colon < 0 ? "" : line.substring(colon + 1);
            if (colon < 0 || !USER.matcher(user).matches() || !SHA256.matcher(hash).matches()) {
                throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.passwdLine", file, i + 1));
            }
            if (user.equals(INTERNAL_USER)) {
                throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.passwdReserved", file, i + 1, INTERNAL_USER));
            }
            if (hashes.put(user, HexFormat.of().parseHex(hash.toLowerCase(java.util.Locale.ROOT))) != null) {
                throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.passwdTwice", file, i + 1, user));
            }
        }
        if (hashes.isEmpty()) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.passwdEmpty", file));
        }
        return new BrokerPasswords(hashes);
    }

    /** These users and the internal collector user with {@code password}. */
    public BrokerPasswords withInternal(String password) {
        Map<String, byte[]> all = new LinkedHashMap<>(hashes);
        all.put(INTERNAL_USER, sha256(password.getBytes(StandardCharsets.UTF_8)));
        return new BrokerPasswords(all);
    }

    public int users() {
        return hashes.size();
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null) {
            return false;
        }
        byte[] expected = hashes.get(username);
        // Constant time in the password; an unknown user costs the same hash.
        byte[] actual = sha256(password);
        return expected != null & MessageDigest.isEqual(expected == null ? new byte[32] : expected, actual);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
