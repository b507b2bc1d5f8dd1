package id.layar.packager.mqtt;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who connects: a user name and its password, read from a file (the first line; nothing on the command line, where
 * {@code ps} and the shell history would show it). Without a password file the client connects anonymously, which
 * only the pilot broker of {@code serve} on the loopback accepts.
 *
 * @param username null for anonymous
 * @param password null for anonymous
 * @param source   the password file, for messages (null for anonymous)
 */
public record BrokerLogin(String username, String password, Path source) {
    public static final BrokerLogin ANONYMOUS = new BrokerLogin(null, null, null);

    /**
     * @param username     the user name ({@code fleet}, {@code publisher}, ...)
     * @param passwordFile the file whose first line is the password, or null for anonymous
     */
    public static BrokerLogin of(String username, Path passwordFile) throws IOException {
        if (passwordFile == null) {
            return ANONYMOUS;
        }
        String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("");
        if (first.isEmpty()) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.passwordFileEmpty", passwordFile));
        }
        return new BrokerLogin(username, first, passwordFile);
    }

    public boolean anonymous() {
        return username == null;
    }

    @Override
    public String toString() {
        return anonymous() ? "(anonymous)" : username; // never the password
    }
}
