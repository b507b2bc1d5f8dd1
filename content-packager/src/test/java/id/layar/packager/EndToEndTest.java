package id.layar.packager;

import static id.layar.packager.WallAssertions.await;
import static id.layar.packager.WallAssertions.awaitFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import id.layar.agent.Agent;
import id.layar.agent.AgentConfig;
import id.layar.agent.SyncOutcome;
import id.layar.packager.build.BuildResult;
import id.layar.packager.build.BundleBuilder;
import id.layar.packager.keys.KeyStore;
import id.layar.packager.serve.Origin;
import id.layar.packager.site.Announcement;
import id.layar.packager.site.Content;
import id.layar.packager.site.Site;
import id.layar.packager.site.SiteLoader;
import id.layar.playlist.Item;
import id.layar.playlist.Playlist;
import id.layar.playlist.Schedule;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.MutableClock;
import id.layar.render.Frame;
import id.layar.render.Png;
import id.layar.render.SlideRenderer;
import id.layar.render.TickerRenderer;
import id.layar.render.VirtualPanel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real parts: staff's YAML → packager build (render, sign) → embedded HTTP origin →
 * agent sync and verification → player → virtual panel. Asserted on pixels: the panel shows exactly the
 * slide or running text that the render module draws from the announcement's own words.
 */
@ExtendWith(VertxExtension.class)
class EndToEndTest {
    private static final String CHANNEL = "simpang-lima";
    private static final Instant BUILT = Instant.parse("2026-11-24T00:00:00Z");
    /** Tuesday 10:00 in Jakarta: the daytime loop of the examples is on. */
    private static final Instant MORNING = Instant.parse("2026-11-24T03:00:00Z");

    private final HttpClient http = HttpClient.newHttpClient();
    private Agent agent;
    private Origin origin;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            await(agent.stop());
        }
        if (origin != null) {
            await(origin.stop());
        }
    }

    @Test
    void announcementWrittenInYamlReachesTheVirtualPanelPixelForPixel(Vertx vertx, @TempDir Path tmp) throws Exception {
        Path site = Fixtures.examplesSite(tmp);
        Path keys = tmp.resolve("keys");
        KeyStore.init(keys, BUILT, 365);
        Path bundle = tmp.resolve("bundle");
        BuildResult built = new BundleBuilder().build(site, keys, bundle, Clock.fixed(BUILT, ZoneId.of("UTC")));
        assertEquals(1, built.channel(CHANNEL).version());

        origin = await(Origin.start(vertx, bundle, "127.0.0.1", 0));
        MutableClock clock = new MutableClock(MORNING);
        VirtualPanel panel = new VirtualPanel(768, 384);
        agent = await(Agent.start(vertx, AgentConfig.load(agentConfig(tmp, keys)), panel, clock));
        assertEquals(SyncOutcome.Kind.ACCEPTED, await(agent.syncNow()).kind());

        Playlist playlist = playlistIn(bundle);
        Site model = SiteLoader.load(site).orThrow();

        // A slide: the wall shows what SlideRenderer draws from the YAML's heading, body, footer and style.
        clock.set(midSlotOf(playlist, "cegah-dbd", 2_000));
        Content.Slide slide = (Content.Slide) announcement(model, "cegah-dbd").content();
        Frame expectedSlide = SlideRenderer.render(slide.heading(), slide.body(), slide.footer(), slide.style(), 768, 384);
        awaitFrame(panel, expectedSlide, "the DBD campaign slide");

        JsonObject status = getJson("/status");
        assertEquals(1, status.getLong("version"));
        assertEquals("cegah-dbd", status.getJsonObject("playing").getString("id"));
        Frame overHttp = Png.decode(getBytes("/frame.png"));
        assertTrue(overHttp.samePixels(expectedSlide), "GET /frame.png shows what the panel shows");

        // Running text: the strip scrolled to the moment on the agent's clock.
        Instant tickerAt = midSlotOf(playlist, "teks-berjalan-simpang-lima", 3_000);
        clock.set(tickerAt);
        Content.Ticker ticker = (Content.Ticker) announcement(model, "teks-berjalan-simpang-lima").content();
        Item tickerItem = playlist.item("teks-berjalan-simpang-lima");
        Frame expectedTicker = new Frame(768, 384);
        TickerRenderer.compose(TickerRenderer.strip(ticker.text(), 768, 384, ticker.style()),
                Schedule.at(playlist, tickerAt).millisIntoItem(tickerAt), tickerItem.speedPxPerS(), expectedTicker);
        awaitFrame(panel, expectedTicker, "the running text 3 s in");

        // Staff fix a typo and rebuild: the next sync puts version 2 on the wall.
        Path file = site.resolve("announcements/cegah-dbd.yaml");
        Files.writeString(file, Files.readString(file).replace("Cegah Demam Berdarah dengan 3M Plus", "Ayo Cegah DBD dengan 3M Plus"));
        new BundleBuilder().build(site, keys, bundle, Clock.fixed(BUILT.plusSeconds(60), ZoneId.of("UTC")));
        assertEquals(SyncOutcome.Kind.ACCEPTED, await(agent.syncNow()).kind());
        Playlist v2 = playlistIn(bundle);
        clock.set(midSlotOf(v2, "cegah-dbd", 2_000));
        Frame expectedV2 = SlideRenderer.render("Ayo Cegah DBD dengan 3M Plus", slide.body(), slide.footer(), slide.style(), 768, 384);
        awaitFrame(panel, expectedV2, "the corrected slide from version 2");
        assertEquals(2, getJson("/status").getLong("version"));
    }

    private Path agentConfig(Path tmp, Path keys) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("device"));
        Files.copy(keys.resolve(KeyStore.ROOT_JSON), dir.resolve("root.json"));
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, String.join("\n",
                "device: e2e-01",
                "channel: " + CHANNEL,
                "origin: http://127.0.0.1:" + origin.port() + "/",
                "root: root.json",
                "state: state",
                "poll: 1h",
                "panel:",
                "  width: 768",
                "  height: 384",
                "  fps: 20",
                "  output: virtual",
                "api:",
                "  host: 127.0.0.1",
                "  port: 0",
                ""));
        return config;
    }

    private static Playlist playlistIn(Path bundle) throws Exception {
        TrustedRoot trust = TrustedRoot.load(Files.readAllBytes(bundle.resolve("root.json")));
        return trust.verifyPlaylist(Files.readAllBytes(bundle.resolve("channels/" + CHANNEL + "/playlist.json")), CHANNEL, 0, MORNING)
                .playlist();
    }

    private static Announcement announcement(Site site, String id) {
        return site.announcements().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    /** An instant {@code into} ms after the start of the item's next showing, from the morning on. */
    private static Instant midSlotOf(Playlist p, String itemId, long into) {
        Instant t = MORNING;
        for (int n = 0; n < 200; n++) {
            Schedule.NowPlaying now = Schedule.at(p, t);
            if (now.item() != null && now.item().id().equals(itemId)) {
                return now.slotStart().plusMillis(into);
            }
            t = now.until();
        }
        throw new AssertionError(itemId + " does not play on the morning of " + MORNING);
    }


    private JsonObject getJson(String path) throws Exception {
        return new JsonObject(new String(getBytes(path), java.nio.charset.StandardCharsets.UTF_8));
    }

    private byte[] getBytes(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.apiPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }
}
