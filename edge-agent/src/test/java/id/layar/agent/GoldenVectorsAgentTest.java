package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import id.layar.playlist.Item;
import id.layar.playlist.Playlist;
import id.layar.playlist.Schedule;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.MutableClock;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.Frame;
import id.layar.render.ItemRenderer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden bundle (made by the packager's build path with the fixed test keys, shipped in the playlist
 * test-jar) verifies and plays through the agent's own path: HTTP sync, verification, blob checks, store,
 * schedule, renderer, panel. A change on either side that breaks the contract fails here.
 */
@ExtendWith(VertxExtension.class)
class GoldenVectorsAgentTest {
    static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenVectorsAgentTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "missing golden vector " + name + " (from the playlist test-jar)");
            return in.readAllBytes();
        }
    }

    /** What the wall must show at {@code at}: rendered independently of the agent from the golden files. */
    private static Frame expected(Instant at) throws Exception {
        Playlist p = TrustedRoot.load(golden("root.json")).verifyStored(golden("playlist.json"), Bundles.CHANNEL).playlist();
        Schedule.NowPlaying np = Schedule.at(p, at);
        Frame f = new Frame(Bundles.W, Bundles.H);
        new ItemRenderer(b -> new ByteArrayInputStream(golden(b.relativePath())), Bundles.W, Bundles.H)
                .render(np.item(), np.millisIntoItem(at), f);
        return f;
    }

    @Test
    void goldenBundleVerifiesAndPlaysThroughTheAgent(Vertx vertx, @TempDir Path dir) throws Exception {
        // 2026-11-24T15:30Z is Tuesday 22:30 in Jakarta: the night ticker's window.
        Instant night = Instant.parse("2026-11-24T15:30:00Z");
        MutableClock clock = new MutableClock(TestKeys.NOW);
        try (Harness h = new Harness(vertx, dir)) {
            Files.write(h.rootFile, golden("root.json"));
            Playlist p = TrustedRoot.load(golden("root.json")).verifyStored(golden("playlist.json"), Bundles.CHANNEL).playlist();
            h.origin.put("root.json", golden("root.json"));
            h.origin.put(Bundles.PLAYLIST_PATH, golden("playlist.json"));
            for (Item i : p.items()) {
                h.origin.put(i.blob().relativePath(), golden(i.blob().relativePath()));
            }
            h.clock = clock;
            h.start();
            assertEquals(SyncOutcome.Kind.ACCEPTED, h.agent.status().lastSync().outcome(), () -> h.agent.status().toString());
            assertArrayEquals(golden("playlist.json"), Files.readAllBytes(h.state.resolve("playlist.json")));

            // Tuesday 10:00 in Jakarta: the weekday still.
            h.awaitPanel(expected(TestKeys.NOW), "the golden still");
            JsonObject s = h.httpStatus();
            assertEquals(1, s.getLong("version"));
            assertEquals("cegah-dbd", s.getJsonObject("playing").getString("id"));

            clock.set(night);
            Frame ticker = expected(night);
            assertFalse(ticker.samePixels(new Frame(Bundles.W, Bundles.H)), "the ticker frame is not black");
            h.awaitPanel(ticker, "the golden ticker at 22:30");
            assertEquals("teks-berjalan", h.httpStatus().getJsonObject("playing").getString("id"));
        }
    }
}
