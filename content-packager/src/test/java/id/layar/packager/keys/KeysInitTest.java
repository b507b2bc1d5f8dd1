package id.layar.packager.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.playlist.Ed25519;
import id.layar.playlist.Root;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysInitTest {
    @TempDir
    Path tmp;

    @Test
    void writesFiveFilesWithPrivateKeysReadableByTheOwnerOnly() throws Exception {
        Path keys = tmp.resolve("keys");
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("keys", "init", "--dir", keys), cli.err());
        for (String f : List.of("root.key", "root.pub", "signing.key", "signing.pub", "root.json")) {
            assertTrue(Files.isRegularFile(keys.resolve(f)), f);
        }
        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertEquals(ownerOnly, Files.getPosixFilePermissions(keys.resolve("root.key")));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(keys.resolve("signing.key")));
    }

    @Test
    void rootListsTheSigningKeyAndIsSignedByTheRootKey() throws Exception {
        Path keys = tmp.resolve("keys");
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("keys", "init", "--dir", keys, "--root-expires-days", "100"));
        byte[] rootJson = Files.readAllBytes(keys.resolve("root.json"));
        Root root = TrustedRoot.load(rootJson).root();
        String signingId = Ed25519.keyId(Ed25519.readPublic(keys.resolve("signing.pub")));
        String rootId = Ed25519.keyId(Ed25519.readPublic(keys.resolve("root.pub")));
        assertEquals(Set.of(signingId), root.role(Root.PLAYLIST_ROLE).keyIds());
        assertEquals(Set.of(rootId), root.role(Root.ROOT_ROLE).keyIds());
        assertEquals(TestKeys.NOW.plus(Duration.ofDays(100)), root.expires());
        // What the technician reads aloud is the SHA-256 of these exact bytes.
        String hex = HexFormat.of().formatHex(Ed25519.sha256(rootJson));
        String grouped = KeyStore.fingerprint(rootJson);
        assertEquals(hex, grouped.replace(" ", ""));
        assertEquals(16, grouped.split(" ").length);
        assertTrue(cli.out().contains(grouped), cli.out());
        assertTrue(cli.out().contains(signingId) && cli.out().contains(rootId), cli.out());
        // The build accepts the folder as it is.
        assertEquals(signingId, KeyStore.loadForSigning(keys).signingKeyId());
    }

    @Test
    void outputContainsNoPrivateKeyMaterial() throws Exception {
        Path keys = tmp.resolve("keys");
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("keys", "init", "--dir", keys));
        String all = cli.out() + cli.err();
        assertFalse(all.contains("PRIVATE KEY"), all);
        for (String f : List.of("root.key", "signing.key")) {
            PrivateKey k = Ed25519.readPrivate(keys.resolve(f));
            byte[] pkcs8 = k.getEncoded();
            byte[] seed = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
            for (String encoded : List.of(Base64.getEncoder().encodeToString(pkcs8), Base64.getEncoder().encodeToString(seed),
                    HexFormat.of().formatHex(seed), Files.readString(keys.resolve(f)).lines().skip(1).findFirst().orElseThrow())) {
                assertFalse(all.contains(encoded.substring(0, 24)), f + " leaked into the output");
            }
        }
    }

    @Test
    void refusesToOverwriteExistingKeys() throws Exception {
        Path keys = tmp.resolve("keys");
        assertEquals(ExitCodes.OK, new Cli().run("keys", "init", "--dir", keys));
        byte[] rootKey = Files.readAllBytes(keys.resolve("root.key"));
        byte[] rootJson = Files.readAllBytes(keys.resolve("root.json"));
        Cli again = new Cli();
        assertEquals(ExitCodes.REFUSED, again.run("keys", "init", "--dir", keys));
        assertTrue(again.err().startsWith("error: refusing to overwrite keys in " + keys
                + ": root.key, root.pub, signing.key, signing.pub, root.json already exist(s)"), again.err());
        assertArrayEquals(rootKey, Files.readAllBytes(keys.resolve("root.key")));
        assertArrayEquals(rootJson, Files.readAllBytes(keys.resolve("root.json")));
    }

    @Test
    void refusesEvenWhenOnlyOneKeyFileExists() throws Exception {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Files.writeString(keys.resolve("signing.pub"), "x");
        Cli cli = new Cli();
        assertEquals(ExitCodes.REFUSED, cli.run("keys", "init", "--dir", keys));
        assertEquals(List.of("signing.pub"), id.layar.packager.Fixtures.names(keys));
    }
}
