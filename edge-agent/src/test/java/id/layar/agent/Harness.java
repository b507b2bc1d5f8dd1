package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.testing.TestKeys;
import id.layar.render.Frame;
import id.layar.render.VirtualPanel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** One agent over a temp state folder, a fake origin and a virtual panel, with bounded waits. */
final class Harness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Syncer.Timeouts FAST = new Syncer.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), () -> 1.0);
    /**
     * The harness's download policy: the defaults, but no automatic retry within a test (10 min), so that every
     * cycle a test sees is one it started.
     */
    static final AgentConfig.Download DOWNLOAD = AgentConfig.Download.DEFAULT.withRetry(Duration.ofMinutes(10));
    /** Windows short enough for a test: fewer than 64 bytes in a second is too slow; half a second of grace. */
    static final AgentConfig.Download QUICK_WATCHDOG = DOWNLOAD.withRate(64, Duration.ofSeconds(1), Duration.ofMillis(500));

    final Vertx vertx;
    FakeOrigin origin;
    final Path dir;
    final Path state;
    final Path rootFile;
    Clock clock = Clock.fixed(TestKeys.NOW, ZoneOffset.UTC);
    /** Applied to {@link #config()} before each start: tests set expiry policy, quota or download windows here. */
    java.util.function.UnaryOperator<AgentConfig> tweak = c -> c;
    VirtualPanel panel;
    Agent agent;
    /** Hardware and metrics for the next start (none by default). */
    Agent.Extras extras = Agent.Extras.NONE;
    /** Sent as {@code Authorization: Bearer} by {@link #get} and {@link #send} when set. */
    String bearer;
    private final WebClient web;

    Harness(Vertx vertx, Path dir) throws IOException {
        this.vertx = vertx;
        this.dir = dir;
        this.origin = FakeOrigin.deploy(vertx);
        this.state = dir.resolve("state");
        this.rootFile = dir.resolve("root.json");
        Files.createDirectories(dir);
        Files.write(rootFile, TestKeys.rootEnvelope());
        this.web = WebClient.create(vertx);
    }

    AgentConfig config() {
        return tweak.apply(new AgentConfig("test-wall-01", Bundles.CHANNEL, origin.base(), rootFile, state, Duration.ofHours(1),
                Bundles.W, Bundles.H, Bundles.FPS, AgentConfig.OUTPUT_VIRTUAL, "127.0.0.1", 0)
                .withDownload(DOWNLOAD));
    }

    /** Starts an agent and waits for the sync it runs at start to finish. */
    Agent start() throws Exception {
        panel = new VirtualPanel(Bundles.W, Bundles.H);
        agent = Agent.start(vertx, config(), panel, clock, FAST, extras).await(20, TimeUnit.SECONDS);
        waitUntil(() -> agent.status().lastSync() != null, "the first sync to finish");
        return agent;
    }

    SyncOutcome sync() throws Exception {
        return agent.syncNow().await(20, TimeUnit.SECONDS);
    }

    void stopAgent() throws Exception {
        if (agent != null) {
            agent.stop().await(20, TimeUnit.SECONDS);
            agent = null;
        }
    }

    /** Waits until the panel shows exactly {@code expected}. */
    void awaitPanel(Frame expected, String what) {
        waitUntil(() -> panel.snapshot().samePixels(expected), "the panel to show " + what);
    }

    /** Lets the player show a few more frames, then asserts the panel still shows {@code expected}. */
    void assertPanelStays(Frame expected, String what) {
        long shown = panel.framesShown();
        waitUntil(() -> panel.framesShown() >= shown + 3, "the player to show three more frames");
        assertTrue(panel.snapshot().samePixels(expected), "the panel should still show " + what);
    }

    JsonObject httpStatus() throws Exception {
        HttpResponse<Buffer> r = get("/status", null);
        return r.bodyAsJsonObject();
    }

    HttpResponse<Buffer> get(String path, String acceptLanguage) throws Exception {
        var req = web.get(agent.apiPort(), "127.0.0.1", path);
        if (acceptLanguage != null) {
            req.putHeader("Accept-Language", acceptLanguage);
        }
        if (bearer != null) {
            req.putHeader("Authorization", "Bearer " + bearer);
        }
        return req.send().await(10, TimeUnit.SECONDS);
    }

    /** A control request: {@code method} on {@code path} with a JSON body (null: none). */
    HttpResponse<Buffer> send(io.vertx.core.http.HttpMethod method, String path, JsonObject body) throws Exception {
        var req = web.request(method, agent.apiPort(), "127.0.0.1", path).putHeader("Content-Type", "application/json");
        if (bearer != null) {
            req.putHeader("Authorization", "Bearer " + bearer);
        }
        return (body == null ? req.send() : req.sendBuffer(body.toBuffer())).await(10, TimeUnit.SECONDS);
    }

    long filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    Path storedBlob(byte[] png) {
        return state.resolve(Bundles.blobPath(png));
    }

    /**
     * Offers {@code envelope} as the channel's playlist, syncs, and asserts it is refused for {@code reason} while the
     * item {@code keptId} of version {@code keptVersion} (showing {@code kept}) keeps playing; returns /status.
     */
    io.vertx.core.json.JsonObject assertRefusedKeepsPlaying(byte[] envelope, id.layar.playlist.Rejection.Reason reason,
                                                            long keptVersion, String keptId, Frame kept) throws Exception {
        byte[] storedBefore = Files.readAllBytes(state.resolve("playlist.json"));
        origin.put(Bundles.PLAYLIST_PATH, envelope);
        SyncOutcome o = sync();
        org.junit.jupiter.api.Assertions.assertEquals(SyncOutcome.Kind.REJECTED, o.kind(), o.toString());
        org.junit.jupiter.api.Assertions.assertEquals(keptVersion, o.version());
        assertPanelStays(kept, "the last good playlist's item " + keptId);
        io.vertx.core.json.JsonObject s = httpStatus();
        org.junit.jupiter.api.Assertions.assertEquals(keptVersion, s.getLong("version"), s::encodePrettily);
        org.junit.jupiter.api.Assertions.assertEquals(keptId, s.getJsonObject("playing").getString("id"));
        org.junit.jupiter.api.Assertions.assertNotNull(s.getJsonObject("lastRejection"), s::encodePrettily);
        org.junit.jupiter.api.Assertions.assertEquals(reason.wireName(), s.getJsonObject("lastRejection").getString("reason"),
                s::encodePrettily);
        org.junit.jupiter.api.Assertions.assertEquals("rejected", s.getJsonObject("lastSync").getString("outcome"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(storedBefore, Files.readAllBytes(state.resolve("playlist.json")),
                "playlist.json must still hold the accepted envelope");
        org.junit.jupiter.api.Assertions.assertEquals(0, filesIn(state.resolve("tmp")), "tmp/ must be empty after a rejection");
        return s;
    }

    /** Total bytes of the regular files in a folder (0 when it does not exist). */
    long bytesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() throws Exception {
        stopAgent();
        web.close();
    }
}
