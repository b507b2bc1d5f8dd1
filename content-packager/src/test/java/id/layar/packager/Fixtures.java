package id.layar.packager;

import id.layar.playlist.Ed25519;
import id.layar.playlist.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Sites, keys and bundles in temp folders for the tests. */
public final class Fixtures {
    /** The pilot site in the repository (the module's tests run with the module as working directory). */
    public static final Path EXAMPLES = Path.of("../examples/pilot-kota");

    private Fixtures() {
    }

    /** A copy of the examples site at {@code tmp/pilot-kota}, so the tests may break it. */
    public static Path examplesSite(Path tmp) {
        return copyTree(EXAMPLES, tmp.resolve("pilot-kota"));
    }

    /** A copy of the golden site (test resources) at {@code tmp/golden-site}. */
    public static Path goldenSite(Path tmp) {
        return copyTree(Path.of("src/test/resources/golden-site"), tmp.resolve("golden-site"));
    }

    public static Path copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A keys folder signing with TestKeys.SIGNER under TestKeys' root (ROOT lists SIGNER). */
    public static Path testKeys(Path dir) {
        return keys(dir, TestKeys.SIGNER, TestKeys.rootEnvelope());
    }

    /** A keys folder with the given signing key and root.json bytes. */
    public static Path keys(Path dir, KeyPair signer, byte[] rootJson) {
        try {
            Files.createDirectories(dir);
            Ed25519.writePrivate(signer.getPrivate(), dir.resolve("signing.key"));
            Ed25519.writePublic(signer.getPublic(), dir.resolve("signing.pub"));
            Files.write(dir.resolve("root.json"), rootJson);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file below a folder with its bytes, relative path first: a snapshot to compare. */
    public static List<String> snapshot(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted().toList()) {
                String rel = root.relativize(p).toString();
                out.add(Files.isDirectory(p) ? rel + "/" : rel + " " + java.util.HexFormat.of().formatHex(Ed25519.sha256(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Names in a folder, sorted (to see leftover temp folders). */
    public static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
