package id.layar.agent;

import id.layar.playlist.BlobCheck;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Json;
import id.layar.playlist.Rejection;
import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.TrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge-agent verify DIR --root ROOT.json --channel CH}: checks a bundle offline as a device would (root
 * rotations in {@code roots/}, the playlist's signatures, channel and expiry, every blob's size and SHA-256) and
 * exits non-zero naming every problem. Writes nothing. For technicians before a USB import, and for scripts.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a bundle folder offline: signatures, channel, expiry and every blob. Writes nothing.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the bundle folder (roots/, channels/, blobs/)")
    Path dir;

    @Option(names = "--root", required = true, paramLabel = "ROOT.json", description = "the trusted root to check against")
    Path root;

    @Option(names = "--channel", required = true, paramLabel = "CH", description = "the channel the playlist must be for")
    String channel;

    @Option(names = "--at", paramLabel = "INSTANT", description = "judge expiry at this time (like 2026-11-24T03:00:00Z; default: now)")
    Instant at;

    @Option(names = "--lang", paramLabel = "en|id", description = "language of the messages (default: from LANG)")
    String lang;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliText text = new CliText(lang);
        try {
            return check(out, err, text);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int check(PrintWriter out, PrintWriter err, CliText text) {
        if (!Files.isDirectory(dir)) {
            err.println(text.get("cli.notFolder", dir));
            return Main.EXIT_CONFIG;
        }
        Instant now = at != null ? at : Instant.now();
        TrustedRoot trusted;
        try {
            trusted = TrustedRoot.load(readLimited(root));
        } catch (IOException e) {
            err.println(text.get("cli.root.invalid", root, e.getMessage()));
            return Main.EXIT_CONFIG;
        } catch (Rejection r) {
            err.println(text.get("cli.root.invalid", root, r.describe()));
            return Main.EXIT_CONFIG;
        }
        String bundle = dir.toAbsolutePath().normalize().toString();
        try {
            for (int step = 0; step < Updater.MAX_ROTATIONS; step++) {
                Path next = dir.resolve("roots").resolve((trusted.root().version() + 1) + ".json");
                if (!Files.isRegularFile(next)) {
                    break;
                }
                try {
                    trusted = trusted.rotate(readLimited(next), now);
                } catch (Rejection r) {
                    throw new Rejection(r.reason(), "the new root " + next + " was refused: " + r.getMessage(), r);
                }
            }
            Path playlistFile = dir.resolve("channels").resolve(channel).resolve("playlist.json");
            byte[] envelope;
            try {
                envelope = readLimited(playlistFile);
            } catch (NoSuchFileException e) {
                throw new Rejection(Reason.MALFORMED, "the bundle has no playlist for channel " + channel + " (" + playlistFile + ")");
            }
            TrustedRoot.Verified v = trusted.verifyPlaylist(envelope, channel, 0, now);
            Map<String, BlobRef> blobs = StateStore.distinctBlobs(v);
            List<String> bad = new ArrayList<>();
            for (BlobRef b : blobs.values()) {
                String problem = checkBlob(dir.resolve(b.relativePath()), b);
                if (problem != null) {
                    bad.add(problem);
                }
            }
            if (!bad.isEmpty()) {
                err.println(text.get("cli.verify.blobs", bundle, bad.size(), blobs.size()));
                bad.forEach(p -> err.println("  " + p));
                return Main.EXIT_REJECTED;
            }
            out.println(text.get("cli.verify.ok", bundle, channel, v.playlist().version(), v.playlist().items().size(),
                    blobs.size(), trusted.root().version(), v.playlist().expires()));
            return Main.EXIT_OK;
        } catch (Rejection r) {
            err.println(text.get("cli.verify.refused", bundle, r.describe()));
            return Main.EXIT_REJECTED;
        } catch (IOException e) {
            err.println(text.get("cli.verify.refused", bundle, e.toString()));
            return Main.EXIT_FAILED;
        }
    }

    /** A signed document, refused unread when it is larger than any document may be. */
    private static byte[] readLimited(Path f) throws IOException, Rejection {
        long size = Files.size(f);
        if (size > Json.MAX_DOCUMENT_BYTES) {
            throw new Rejection(Reason.OVERSIZED, f + " is " + size + " bytes; the limit is " + Json.MAX_DOCUMENT_BYTES);
        }
        return Files.readAllBytes(f);
    }

    /** Streams a blob through {@link BlobCheck}, never reading past its named size; null when it matches. */
    private static String checkBlob(Path f, BlobRef b) {
        BlobCheck check = new BlobCheck(b);
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                check.update(buf, 0, n);
            }
            check.finish();
            return null;
        } catch (NoSuchFileException e) {
            return "blob " + b.sha256() + " is missing (" + f + ")";
        } catch (IOException e) {
            return "blob " + b.sha256() + " cannot be read (" + e + ")";
        } catch (Rejection r) {
            return r.describe();
        }
    }
}
