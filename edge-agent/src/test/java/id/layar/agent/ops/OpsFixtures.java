package id.layar.agent.ops;

import com.sun.net.httpserver.HttpServer;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Panel;
import id.layar.playlist.Playlist;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import id.layar.playlist.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/** A signed test bundle and a tiny origin serving it (the JDK's HTTP server, no Vert.x needed). */
final class OpsFixtures {
    static final String CHANNEL = "simpang-lima";
    static final String PLAYLIST_PATH = "channels/" + CHANNEL + "/playlist.json";
    static final int W = 64;
    static final int H = 32;
    static final Clock CLOCK = Clock.fixed(TestKeys.NOW, ZoneOffset.UTC);
    static final byte[] BLOB = "not really a PNG, but the agent only checks size and SHA-256 here".getBytes(StandardCharsets.UTF_8);

    private OpsFixtures() {
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String blobPath(byte[] b) {
        return "blobs/sha256/" + sha256(b);
    }

    static Playlist playlist(String channel, long version) {
        Item item = new Item("info", "Info", ItemKind.STILL, new BlobRef(sha256(BLOB), BLOB.length, "image/png"), 10_000,
                Priority.NORMAL, Rules.ALWAYS, 0);
        return new Playlist(channel, version, TestKeys.ISSUED, TestKeys.EXPIRES, ZoneId.of("Asia/Jakarta"), new Panel(W, H, 20),
                List.of(item));
    }

    static byte[] signed(Playlist p, KeyPair... keys) {
        return TestKeys.sign(p, keys.length == 0 ? new KeyPair[] {TestKeys.SIGNER} : keys);
    }

    /** An origin over a path-to-bytes map; {@code /status} answers like an agent's technician API when set. */
    static final class TestOrigin implements AutoCloseable {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        volatile String status;
        private final HttpServer server;

        TestOrigin() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                String path = ex.getRequestURI().getPath().substring(1);
                byte[] body = path.equals("status") && status != null ? status.getBytes(StandardCharsets.UTF_8) : files.get(path);
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(body);
                    }
                }
                ex.close();
            });
            server.start();
        }

        /** The standard bundle: root, the channel's playlist version 1 and its blob. */
        TestOrigin withBundle() {
            files.put("root.json", TestKeys.rootEnvelope());
            files.put(PLAYLIST_PATH, signed(playlist(CHANNEL, 1)));
            files.put(blobPath(BLOB), BLOB);
            return this;
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port() + "/");
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** What a command printed and returned. */
    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
