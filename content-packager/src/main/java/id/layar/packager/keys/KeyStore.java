package id.layar.packager.keys;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.playlist.Ed25519;
import id.layar.playlist.Envelope;
import id.layar.playlist.Envelope.SigningKey;
import id.layar.playlist.Rejection;
import id.layar.playlist.Root;
import id.layar.playlist.TrustedRoot;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A keys folder: {@code root.key}/{@code root.pub} (the offline root key, which signs {@code root.json}),
 * {@code signing.key}/{@code signing.pub} (the day-to-day playlist key) and {@code root.json} (a DSSE root
 * envelope listing both). A build needs only {@code signing.key}, {@code signing.pub} and {@code root.json}.
 */
public final class KeyStore {
    public static final String ROOT_KEY = "root.key";
    public static final String ROOT_PUB = "root.pub";
    public static final String SIGNING_KEY = "signing.key";
    public static final String SIGNING_PUB = "signing.pub";
    public static final String ROOT_JSON = "root.json";
    static final List<String> ALL = List.of(ROOT_KEY, ROOT_PUB, SIGNING_KEY, SIGNING_PUB, ROOT_JSON);

    private KeyStore() {
    }

    /**
     * What {@link #init} wrote.
     *
     * @param fingerprint the SHA-256 of root.json, hex in groups of 4, to read aloud at provisioning
     */
    public record InitResult(Path dir, String rootKeyId, String signingKeyId, Instant rootExpires, String fingerprint) {
    }

    /**
     * The keys a build signs with, already checked to belong together.
     *
     * @param rootJson the exact bytes of root.json, copied into the bundle
     */
    public record SigningKeys(SigningKey signingKey, PublicKey signingPublic, byte[] rootJson, TrustedRoot root) {
        public String signingKeyId() {
            return signingKey.keyId();
        }
    }

    /** Generates a fresh root key and signing key and a root valid for {@code rootExpiresDays}. */
    public static InitResult init(Path dir, Instant now, int rootExpiresDays) throws IOException {
        return init(dir, now, rootExpiresDays, Ed25519.generate(), Ed25519.generate());
    }

    /**
     * Writes the given key pairs and a root signed by {@code root}. Refuses (nothing written) when any of the
     * five files already exists: keys are never overwritten.
     */
    public static InitResult init(Path dir, Instant now, int rootExpiresDays, KeyPair root, KeyPair signing) throws IOException {
        if (rootExpiresDays < 1 || rootExpiresDays > 3650) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.rootExpiresDays", rootExpiresDays));
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.notAFolder", dir));
        }
        List<String> existing = ALL.stream().filter(n -> Files.exists(dir.resolve(n))).toList();
        if (!existing.isEmpty()) {
            throw new PackagerException(Kind.REFUSED, Msg.of("err.keysExist", dir, String.join(", ", existing)));
        }
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Instant expires = now.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(rootExpiresDays));
        Root rootDoc = Root.of(1, expires, root.getPublic(), List.of(signing.getPublic()), 1);
        byte[] rootJson = Envelope.sign(Envelope.ROOT_TYPE, rootDoc.toPayload(), List.of(SigningKey.of(root))).toBytes();

        List<Path> written = new ArrayList<>();
        try {
            // Private keys first: createFile refuses an existing file, so a concurrent init cannot be overwritten.
            writePrivate(root.getPrivate(), dir.resolve(ROOT_KEY), written);
            writePrivate(signing.getPrivate(), dir.resolve(SIGNING_KEY), written);
            writeNew(dir.resolve(ROOT_PUB), written, p -> Ed25519.writePublic(root.getPublic(), p));
            writeNew(dir.resolve(SIGNING_PUB), written, p -> Ed25519.writePublic(signing.getPublic(), p));
            writeNew(dir.resolve(ROOT_JSON), written, p -> Files.write(p, rootJson));
        } catch (FileAlreadyExistsException e) {
            undo(written);
            throw new PackagerException(Kind.REFUSED, Msg.of("err.keysExist", dir, e.getFile()), e);
        } catch (IOException | RuntimeException e) {
            undo(written);
            throw e;
        }
        return new InitResult(dir, Ed25519.keyId(root.getPublic()), Ed25519.keyId(signing.getPublic()), expires,
                fingerprint(rootJson));
    }

    private interface Writer {
        void write(Path p) throws IOException;
    }

    private static void writePrivate(PrivateKey key, Path file, List<Path> written) throws IOException {
        Ed25519.writePrivate(key, file);
        written.add(file);
    }

    private static void writeNew(Path file, List<Path> written, Writer writer) throws IOException {
        Files.createFile(file);
        written.add(file);
        writer.write(file);
    }

    private static void undo(List<Path> written) {
        for (Path p : written) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the error that got us here is what the user needs to see
            }
        }
    }

    /**
     * Loads and cross-checks the signing keys: the private key matches {@code signing.pub}, {@code root.json}
     * is a root signed by its own root keys, and it lists {@code signing.pub} for playlists with threshold 1.
     *
     * @throws PackagerException naming the file, what is wrong and how to fix it
     */
    public static SigningKeys loadForSigning(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.noKeysFolder", dir));
        }
        for (String name : List.of(SIGNING_KEY, SIGNING_PUB, ROOT_JSON)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.keyFileMissing", dir.resolve(name), dir));
            }
        }
        PrivateKey priv;
        PublicKey pub;
        try {
            priv = Ed25519.readPrivate(dir.resolve(SIGNING_KEY));
            pub = Ed25519.readPublic(dir.resolve(SIGNING_PUB));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.keyFileBad", e.getMessage()), e);
        }
        byte[] probe = "layar key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!Ed25519.verify(pub, probe, Ed25519.sign(priv, probe))) {
            throw new PackagerException(Kind.INVALID_INPUT,
                    Msg.of("err.keyPairMismatch", dir.resolve(SIGNING_KEY), dir.resolve(SIGNING_PUB)));
        }
        byte[] rootJson = Files.readAllBytes(dir.resolve(ROOT_JSON));
        TrustedRoot root;
        try {
            root = TrustedRoot.load(rootJson);
        } catch (Rejection e) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.rootBad", dir.resolve(ROOT_JSON), e.describe()), e);
        }
        String keyId = Ed25519.keyId(pub);
        Root.Role role = root.root().role(Root.PLAYLIST_ROLE);
        if (!role.keyIds().contains(keyId)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.keyNotInRoot", keyId, dir.resolve(SIGNING_PUB),
                    dir.resolve(ROOT_JSON), String.join(", ", role.keyIds().stream().sorted().toList())));
        }
        if (role.threshold() > 1) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.rootThreshold", dir.resolve(ROOT_JSON), role.threshold()));
        }
        return new SigningKeys(new SigningKey(keyId, priv), pub, rootJson, root);
    }

    /** SHA-256 of the exact root.json bytes, lower-case hex in groups of four: {@code 3f2a 9c1b ...}. */
    public static String fingerprint(byte[] rootJson) {
        String hex = HexFormat.of().formatHex(Ed25519.sha256(rootJson));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            sb.append(i == 0 ? "" : " ").append(hex, i, i + 4);
        }
        return sb.toString();
    }
}
