package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.testing.MutableClock;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.VirtualPanel;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class AgentLifecycleTest {
    private Harness h;
    private final byte[] red = Bundles.png(Bundles.RED);

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(2, Bundles.still("red", red))), red);
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    private static boolean playerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("player") && t.isAlive());
    }

    @Test
    void stopEndsThePlayerAndTheApiAndLeavesStateOnDisk() throws Exception {
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        int port = h.agent.apiPort();
        Player player = h.agent.player();
        h.stopAgent();
        assertTrue(!player.isAlive(), "the player thread ends");
        assertTrue(Files.isRegularFile(h.state.resolve("playlist.json")));
        assertTrue(Files.isRegularFile(h.storedBlob(red)));
        Throwable refused = assertThrows(Exception.class, () -> io.vertx.ext.web.client.WebClient.create(h.vertx)
                .get(port, "127.0.0.1", "/status").send().await(5, TimeUnit.SECONDS));
        assertTrue(refused.getMessage() != null);
    }

    @Test
    void apiPortInUseFailsStartAndLeavesNothingRunning(Vertx vertx, VertxTestContext ctx) throws Exception {
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        AgentConfig c = h.config();
        AgentConfig taken = new AgentConfig(c.device(), c.channel(), c.origin(), c.root(), h.dir.resolve("state2"), c.poll(),
                c.width(), c.height(), c.fps(), c.output(), c.apiHost(), h.agent.apiPort());
        long playersBefore = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("player")).count();
        Agent.start(vertx, taken, new VirtualPanel(Bundles.W, Bundles.H), h.clock).onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertTrue(e.getMessage().contains("api.port") && e.getMessage().contains(String.valueOf(taken.apiPort())), e.getMessage());
            Harness.waitUntil(() -> Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("player")
                    && t.isAlive()).count() <= playersBefore, "the second agent's player to stop");
            ctx.completeNow();
        })));
    }

    @Test
    void missingTrustedRootFailsStartNamingTheFile(Vertx vertx, VertxTestContext ctx) throws Exception {
        Files.delete(h.rootFile);
        Agent.start(vertx, h.config(), new VirtualPanel(Bundles.W, Bundles.H), h.clock).onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertTrue(e.getMessage().contains(h.rootFile.toString()) && e.getMessage().contains("provisioning"), e.getMessage());
            assertTrue(!Files.exists(h.state.resolve("playlist.json")));
            ctx.completeNow();
        })));
    }

    @Test
    void panelAndConfigOfDifferentSizesAreRefused(Vertx vertx, VertxTestContext ctx) {
        Agent.start(vertx, h.config(), new VirtualPanel(128, 64), h.clock).onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertTrue(e.getMessage().contains("128x64"), e.getMessage());
            ctx.completeNow();
        })));
    }

    @Test
    void playlistThatExpiresWhilePlayingIsReportedNotHidden() throws Exception {
        MutableClock clock = new MutableClock(TestKeys.NOW);
        h.clock = clock;
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        assertNull(h.httpStatus().getValue("problem"));
        clock.set(TestKeys.EXPIRES.plus(Duration.ofMinutes(1)));
        String problem = h.httpStatus().getString("problem");
        assertTrue(problem != null && problem.contains("expired"), String.valueOf(problem));
        h.assertPanelStays(Bundles.solid(Bundles.RED), "red: an expired playlist is reported, the wall does not go dark");
        assertEquals(2, h.httpStatus().getLong("version"));
    }

    @Test
    void playerFollowsTheInjectedClockAcrossItems() throws Exception {
        // Two 10 s items: the clock, not wall time, decides which one shows.
        byte[] green = Bundles.png(Bundles.GREEN);
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red), Bundles.still("green", green))),
                red, green);
        Instant loopStart = Instant.ofEpochMilli(Math.floorDiv(TestKeys.NOW.toEpochMilli(), 20_000) * 20_000);
        MutableClock clock = new MutableClock(loopStart.plusSeconds(1));
        h.clock = clock;
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "the first item");
        clock.set(loopStart.plusSeconds(11));
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "the second item");
        assertEquals("green", h.httpStatus().getJsonObject("playing").getString("id"));
    }
}
